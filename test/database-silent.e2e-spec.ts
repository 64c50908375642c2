import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildApp, createTestDatabase, TestDatabase } from './support/test-app';
import { Client } from 'pg';
import request from 'supertest';

/**
 * A TCP relay to PostgreSQL that can stop passing bytes (`freeze`) while keeping every connection
 * open: a server that hangs, or a network path that silently drops packets, as a crashed VM's would.
 * With `openDelayMs`, each new connection reaches the server that much later: a server slow to open
 * connections, as a busy machine's is.
 */
async function startRelay(target: { host: string; port: number }, openDelayMs = 0) {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    const early: Buffer[] = [];
    let open = false;
    setTimeout(() => {
      if (client.destroyed) return;
      upstream.connect(target.port, target.host, () => {
        open = true;
        for (const chunk of early.splice(0)) upstream.write(chunk);
      });
    }, openDelayMs);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on(
      'data',
      (chunk: Buffer) => frozen || (open ? upstream.write(chunk) : early.push(chunk)),
    );
    upstream.on('data', (chunk) => frozen || client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => (frozen = true),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A test app whose connections go through a relay (`startRelay`) to a database of its own; the relay
 * closes first (a frozen connection would hold the app's shutdown).
 */
function useRelayedApp(openDelayMs: number, env: Record<string, string> = {}) {
  const state: {
    database?: TestDatabase;
    relay?: Awaited<ReturnType<typeof startRelay>>;
    app?: NestFastifyApplication;
  } = {};
  beforeAll(async () => {
    state.database = await createTestDatabase();
    const url = new URL(state.database.url);
    state.relay = await startRelay(
      { host: url.hostname, port: Number(url.port || 5432) },
      openDelayMs,
    );
    url.hostname = '127.0.0.1';
    url.port = String(state.relay.port);
    state.app = await buildApp(url.toString(), env);
  }, 60_000);
  afterAll(async () => {
    await state.relay?.close();
    await state.app?.close().catch(() => undefined);
    await state.database?.drop();
  });
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useRelayedApp: not started yet');
    return value;
  };
  return {
    app: () => made(state.app),
    relay: () => made(state.relay),
    database: () => made(state.database),
  };
}

describe('a database that stops answering (connections open, no bytes back)', () => {
  // The driver gives up 5 s after the statement timeout.
  const relayed = useRelayedApp(0, { DATABASE_STATEMENT_TIMEOUT_MS: '1000' });

  it('ends each request with a 503 in the API shape instead of leaving it hanging', async () => {
    const app = relayed.app();
    // Connections in the pool first, as on a server that has been serving.
    await request(app.getHttpServer()).get('/api/articles').expect(200);
    relayed.relay().freeze();
    const answers = await Promise.all(
      ['/api/articles', '/api/tags', '/api/articles/some-slug'].map((path) =>
        request(app.getHttpServer()).get(path),
      ),
    );
    expect(answers.map((answer) => [answer.status, answer.headers['retry-after']])).toEqual([
      [503, '5'],
      [503, '5'],
      [503, '5'],
    ]);
    expect(answers[0].body).toEqual({ errors: { database: [expect.any(String)] } });
  }, 40_000);
});

describe('a database slow to open connections (3 s each, as on a loaded machine)', () => {
  const relayed = useRelayedApp(3000);

  it('a request that needs a new connection waits for it, not a 503', async () => {
    const app = relayed.app();
    await request(app.getHttpServer()).get('/api/articles').expect(200);
    // The pool's connections gone, as after PostgreSQL restarted: the next request opens a new one.
    const admin = new Client({ connectionString: relayed.database().url });
    await admin.connect();
    try {
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
    } finally {
      await admin.end();
    }
    // The pool drops each idle client as its connection's end reaches it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answer = await request(app.getHttpServer()).get('/api/articles');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ articles: [], articlesCount: 0 });
  }, 40_000);
});
