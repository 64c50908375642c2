import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Writable } from 'node:stream';
import { closeGracefully } from '../../src/common/graceful-shutdown';
import { runLoad } from '../support/load-client';
import { OwnedDatabase } from '../support/owned-database';
import { pick, report } from '../support/resilience-mode';
import { expectCleanShutdown, sortShutdownOutcomes } from '../support/shutdown-outcomes';
import { buildApp } from '../support/test-app';

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });

/**
 * SIGTERM under write load: main.ts runs closeGracefully() then stops the embedded PostgreSQL; so does
 * this test, on a server it owns. Then it starts PostgreSQL again and compares what clients were told
 * with what is stored.
 */
describe('graceful shutdown under write load', () => {
  let db: OwnedDatabase;
  let app: NestFastifyApplication;

  const startApp = async () => {
    app = await buildApp(db.url, { LOG_LEVEL: 'warn' }, { fixtures: true, logDestination: silent });
    await app.listen(0, '127.0.0.1');
    return app.getUrl();
  };

  beforeAll(async () => {
    db = await OwnedDatabase.start();
  });

  afterAll(async () => {
    await app.close().catch(() => undefined);
    await db.dispose();
  });

  it('answers every accepted write, stores every 2xx, and nothing else', async () => {
    const connections = 16;
    const loadBeforeStopMs = pick(1500, 5000);
    const baseUrl = await startApp();
    let stopAt = Infinity;
    // Slow writes (a transaction held 100-400 ms) guarantee requests in flight when the stop begins.
    const load = runLoad({
      baseUrl: baseUrl.replace('[::1]', '127.0.0.1'),
      connections,
      durationMs: loadBeforeStopMs + 15_000,
      maxRequests: 50_000,
      next: (w, i) => ({
        method: 'POST',
        path: '/api/fixture/gadgets',
        body: { serialNumber: `S-${w}-${i}`, pauseMs: i % 4 === 0 ? 100 + ((w * 37) % 300) : 0 },
        tag: `S-${w}-${i}`,
      }),
      // A client that was told the server is going away stops, as a load balancer would.
      stopWorker: (outcome) => outcome.status === 503 || outcome.error === 'ECONNREFUSED',
    });
    await new Promise((resolve) => setTimeout(resolve, loadBeforeStopMs));
    stopAt = performance.now();
    await closeGracefully(app, 10_000);
    const stoppedAt = performance.now();
    await db.stop();
    const outcomes = await load;

    await db.restart();
    const stored = new Set(
      (await db.query<{ serial_number: string }>('SELECT serial_number FROM gadgets')).map(
        (row) => row.serial_number,
      ),
    );
    const sorted = sortShutdownOutcomes(outcomes, stopAt, stored);
    const { ok, inFlightAtStop, resets, lost } = sorted;
    report('shutdown', {
      writes2xx: ok.length,
      inFlightAtStop: inFlightAtStop.length,
      answered503: outcomes.filter((o) => o.status === 503).length,
      refused: outcomes.filter((o) => o.error === 'ECONNREFUSED').length,
      lostWrites: lost.length,
      resets: resets.length,
      drainMs: Math.round(stoppedAt - stopAt),
    });

    expectCleanShutdown(sorted);
    for (const drained of outcomes.filter((o) => o.status === 503)) {
      expect(JSON.parse(drained.body)).toEqual({
        errors: { server: ['is shutting down, try again shortly'] },
      });
    }
  });

  it('bounds the wait: a request still running after the timeout is cut, its statement cancelled and its write rolled back', async () => {
    await db.restart();
    const baseUrl = await startApp();
    const slow = runLoad({
      baseUrl,
      connections: 1,
      durationMs: 30_000,
      maxRequests: 1,
      next: () => ({
        method: 'POST',
        path: '/api/fixture/gadgets',
        // A statement far longer than the stop may wait (pg_sleep in the request's transaction).
        body: { serialNumber: 'SLOW-1', pauseMs: 20_000 },
      }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await closeGracefully(app, 500);
    const tookMs = performance.now() - started;
    const [outcome] = await slow;
    expect(tookMs).toBeLessThan(5000);
    expect(outcome.status).toBeUndefined();
    expect(outcome.error).toBe('ECONNRESET');
    // Gone from the server too: before, it ran on after Folio had stopped (its locks held) until it ended.
    await expect(
      db.query(
        "SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep%' AND pid <> pg_backend_pid()",
      ),
    ).resolves.toEqual([]);
    await expect(
      db.query('SELECT 1 FROM gadgets WHERE serial_number = $1', ['SLOW-1']),
    ).resolves.toEqual([]);
  });
});
