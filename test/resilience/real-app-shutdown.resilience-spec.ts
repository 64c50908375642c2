import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BuiltApp, processesUsing } from '../support/built-app';
import { Outcome, runLoad } from '../support/load-client';
import { pick, report } from '../support/resilience-mode';
import { expectCleanShutdown, sortShutdownOutcomes } from '../support/shutdown-outcomes';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Writes real users would make: sign-ups (argon2 keeps each in flight a while) and articles. */
function writes(tokens: string[], run: string) {
  return (w: number, i: number) => {
    const tag = `${run}_${w}_${i}`;
    return i % 2 === 0
      ? {
          method: 'POST',
          path: '/api/users',
          body: { user: { username: tag, email: `${tag}@example.test`, password: `pw-${tag}` } },
          tag: `user:${tag}`,
        }
      : {
          method: 'POST',
          path: '/api/articles',
          headers: { Authorization: `Token ${tokens[w]}` },
          body: { article: { title: tag, description: 'load', body: 'written under SIGTERM' } },
          tag: `article:${tag}`,
        };
  };
}

/**
 * SIGTERM to the real thing: `node dist/src/main.js` with its own embedded PostgreSQL, as `npm start`
 * runs it. main.ts must drain, close the pool, stop PostgreSQL and exit 0; a second start on the
 * same data then shows what was really stored.
 */
describe('graceful shutdown of the built app (node dist/src/main.js)', () => {
  let folio: BuiltApp;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    folio = await BuiltApp.create({
      // The production default: every request's access line is written.
      LOG_LEVEL: 'info',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      AUTH_RATE_LIMIT_ENABLED: 'false',
      // Cheaper than the default (64 MiB × 3), still slow enough to keep sign-ups in flight.
      AUTH_ARGON2_MEMORY_KIB: '19456',
      AUTH_ARGON2_ITERATIONS: '2',
    });
    await folio.start();
  }, 120_000);

  afterAll(async () => {
    await folio?.dispose();
    await receiver?.close();
  });

  // pino writes standard output asynchronously (src/common/request-logging.ts): what waits in its
  // buffer must still be written when a process manager stops the app.
  it('writes the log lines still in its buffer before it exits on SIGTERM', async () => {
    const slug = `last-request-${randomBytes(4).toString('hex')}`;
    const response = await fetch(`${folio.baseUrl}/api/articles/${slug}`);
    expect(response.status).toBe(404);
    const requestId = response.headers.get('x-request-id');
    expect(await folio.terminate()).toBe(0);
    const log = folio.log();
    expect(log).toContain(`"id":"${requestId}"`);
    expect(log).toContain('SIGTERM received');
    // Logged right before the exit: only the write at exit can carry it.
    expect(log).toContain('"msg":"Folio stopped"');
    await folio.start();
  });

  it('exits 0, leaves no PostgreSQL behind, stores every 2xx write, resets no accepted request, and sends each write’s webhook once', async () => {
    const connections = 16;
    const run = randomBytes(3).toString('hex');
    // Every sign-up and article is a webhook delivery job, written with it: none lost, none sent twice.
    await folio.query(
      `INSERT INTO webhook_endpoints (url, events, secret)
       VALUES ($1, '{article.published,user.registered}', 'whsec_c2h1dGRvd24tdGVzdC1zZWNyZXQtMzItYnl0ZXMhIQ==')`,
      [receiver.url('/hook/shutdown')],
    );
    const tokens: string[] = [];
    for (let w = 0; w < connections; w++) {
      const username = `writer_${run}_${w}`;
      const response = await fetch(`${folio.baseUrl}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          user: { username, email: `${username}@example.test`, password: 'writer-password' },
        }),
      });
      expect(response.status).toBe(201);
      tokens.push(((await response.json()) as { user: { token: string } }).user.token);
    }

    let stopAt = Infinity;
    const load = runLoad({
      baseUrl: folio.baseUrl,
      connections,
      durationMs: pick(2000, 6000) + 15_000,
      maxRequests: pick(3000, 20_000),
      next: writes(tokens, run),
      // A client told the server is going away stops, as a load balancer would.
      stopWorker: (outcome) => outcome.status === 503 || outcome.error === 'ECONNREFUSED',
    });
    await new Promise((resolve) => setTimeout(resolve, pick(2000, 6000)));
    stopAt = performance.now();
    const exitCode = await folio.terminate();
    const exitMs = performance.now() - stopAt;
    const outcomes = await load;

    // Everything main.ts started is gone: PostgreSQL's pid file, and any process on its data folder.
    expect(exitCode).toBe(0);
    expect(existsSync(join(folio.dataDir, 'postmaster.pid'))).toBe(false);
    expect(processesUsing(folio.folder)).toEqual([]);

    await folio.start();
    const stored = new Set([
      ...(
        await folio.query<{ username: string }>(
          'SELECT username FROM users WHERE username LIKE $1',
          [`${run}\\_%`],
        )
      ).map((row) => `user:${row.username}`),
      ...(
        await folio.query<{ title: string }>('SELECT title FROM articles WHERE title LIKE $1', [
          `${run}\\_%`,
        ])
      ).map((row) => `article:${row.title}`),
    ]);
    // The deliveries left queued at SIGTERM are sent after the restart.
    const received = () =>
      receiver.at('/hook/shutdown').map((hook) => {
        const { data } = JSON.parse(hook.body) as {
          data: { article?: { title: string }; profile?: { username: string } };
        };
        return data.article ? `article:${data.article.title}` : `user:${data.profile?.username}`;
      });
    const expected = [...stored, ...tokens.map((_token, w) => `user:writer_${run}_${w}`)];
    for (let i = 0; i < 300 && received().length < expected.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const restartExit = await folio.terminate();

    const sorted = sortShutdownOutcomes(outcomes, stopAt, stored);
    const { ok, inFlightAtStop, resets, lost, phantom } = sorted;
    const tagOf = (o: Outcome) => o.request.tag as string;
    report('real-app shutdown', {
      writes2xx: ok.length,
      users: ok.filter((o) => tagOf(o).startsWith('user:')).length,
      articles: ok.filter((o) => tagOf(o).startsWith('article:')).length,
      inFlightAtStop: inFlightAtStop.length,
      answered503: outcomes.filter((o) => o.status === 503).length,
      refused: outcomes.filter((o) => o.error === 'ECONNREFUSED').length,
      lostWrites: lost.length,
      phantomWrites: phantom.length,
      resets: resets.length,
      sigtermToExitMs: Math.round(exitMs),
      webhooksSent: received().length,
      exitCode: String(exitCode),
    });

    expectCleanShutdown(sorted);
    expect(received().sort()).toEqual(expected.sort());
    expect(restartExit).toBe(0);
    expect(processesUsing(folio.folder)).toEqual([]);
  });
});
