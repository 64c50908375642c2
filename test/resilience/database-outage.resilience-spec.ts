import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Agent } from 'node:http';
import { Writable } from 'node:stream';
import { Outcome, runLoad, send, summarize } from '../support/load-client';
import { OwnedDatabase } from '../support/owned-database';
import { pick, report } from '../support/resilience-mode';
import { buildApp } from '../support/test-app';

const silent = new Writable({ write: (_chunk, _encoding, callback) => callback() });
const UNAVAILABLE = { errors: { database: ['is unavailable, try again shortly'] } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PostgreSQL goes away under load and comes back; Folio is never restarted. */
describe('database outage', () => {
  let db: OwnedDatabase;
  let app: NestFastifyApplication;
  let baseUrl: string;
  const agent = new Agent({ keepAlive: true });
  const get = (path: string) => send(agent, baseUrl, { method: 'GET', path });

  beforeAll(async () => {
    db = await OwnedDatabase.start();
    app = await buildApp(db.url, {}, { fixtures: true, logDestination: silent });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    agent.destroy();
    await app.close().catch(() => undefined);
    await db.dispose();
  });

  it('fails fast with 503 in the API shape, says so on the probes, and recovers without a restart', async () => {
    const outageMs = pick(2000, 10_000);
    const phases = { stopAt: Infinity, stoppedAt: Infinity, restartAt: Infinity };
    const load = runLoad({
      baseUrl,
      connections: 16,
      durationMs: outageMs + 12_000,
      maxRequests: 200_000,
      next: (w, i) =>
        i % 2 === 0
          ? { method: 'POST', path: '/api/fixture/gadgets', body: { serialNumber: `O-${w}-${i}` } }
          : { method: 'GET', path: `/api/fixture/gadgets/${1 + ((w * 7 + i) % 5)}` },
    });
    await sleep(1000);
    phases.stopAt = performance.now();
    await db.stop();
    phases.stoppedAt = performance.now();
    await sleep(outageMs / 2);
    const [status, ready] = await Promise.all([get('/db-status'), get('/health/ready')]);
    await sleep(outageMs / 2);
    // Recovery is timed from the start command: PostgreSQL's own start-up counts against the 5 s.
    phases.restartAt = performance.now();
    await db.restart();
    const outcomes = await load;

    const during = outcomes.filter(
      (o) => o.startedAt > phases.stoppedAt && o.finishedAt < phases.restartAt,
    );
    const after = outcomes.filter((o) => o.startedAt > phases.restartAt);
    const firstOkAfter = after.find((o) => o.status === 201 || o.status === 200);
    const first503 = outcomes.find((o) => o.status === 503 && o.finishedAt > phases.stopAt);
    const recoveredMs = firstOkAfter ? firstOkAfter.finishedAt - phases.restartAt : Infinity;
    const settled = after.filter((o) => o.startedAt > phases.restartAt + recoveredMs);
    report('outage', {
      requests: outcomes.length,
      during: during.length,
      slowest503Ms: Math.round(Math.max(0, ...during.map((o) => o.finishedAt - o.startedAt))),
      first503AfterStopMs: first503 ? Math.round(first503.finishedAt - phases.stopAt) : 'none',
      recoveredMs: Math.round(recoveredMs),
      errorsAfterRecovery: settled.filter((o) => !isSuccess(o)).length,
    });

    expect(status.status).toBe(503);
    expect(JSON.parse(status.body)).toEqual({ connected: false });
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: false, database: 'down' });

    expect(during.length).toBeGreaterThan(50);
    const unexpected = during.filter(
      (o) =>
        o.status !== 503 || !sameJson(o.body, UNAVAILABLE) || o.finishedAt - o.startedAt > 2000,
    );
    expect(unexpected.map(summarize)).toEqual([]);
    // Nothing but 2xx, 404 (a gadget id not written yet) or 503 at any time; never a reset or a 500.
    expect(
      outcomes.filter((o) => ![200, 201, 404, 503].includes(o.status ?? 0)).map(summarize),
    ).toEqual([]);

    expect(recoveredMs).toBeLessThan(5000);
    expect(settled.length).toBeGreaterThan(50);
    expect(settled.filter((o) => !isSuccess(o)).map(summarize)).toEqual([]);
    await expect(get('/db-status')).resolves.toMatchObject({ status: 200 });
  });

  it('a restart in the middle of a transaction leaves nothing half-written', async () => {
    const write = send(agent, baseUrl, {
      method: 'POST',
      path: '/api/fixture/gadgets',
      body: { serialNumber: 'HALF-1', alsoSerialNumber: 'HALF-2', pauseMs: 3000 },
    });
    await sleep(500);
    await db.stop();
    await db.restart();
    const outcome = await write;
    expect(outcome.status).toBe(503);
    expect(JSON.parse(outcome.body)).toEqual(UNAVAILABLE);
    await expect(
      db.query('SELECT serial_number FROM gadgets WHERE serial_number LIKE $1', ['HALF-%']),
    ).resolves.toEqual([]);
    // And the app carries on: the same write goes through now.
    const again = await send(agent, baseUrl, {
      method: 'POST',
      path: '/api/fixture/gadgets',
      body: { serialNumber: 'HALF-1', alsoSerialNumber: 'HALF-2' },
    });
    expect(again.status).toBe(201);
  });
});

function isSuccess(outcome: Outcome): boolean {
  return outcome.status === 200 || outcome.status === 201 || outcome.status === 404;
}

function sameJson(body: string, expected: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(body)) === JSON.stringify(expected);
  } catch {
    return false;
  }
}
