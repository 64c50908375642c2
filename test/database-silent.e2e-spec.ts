import { createServer, Server, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildApp, createTestDatabase, TestDatabase } from './support/test-app';
import request from 'supertest';

/**
 * A TCP relay to PostgreSQL that can stop passing bytes (`freeze`) while keeping every connection
 * open: a server that hangs, or a network path that silently drops packets, as a crashed VM's would.
 */
async function startRelay(target: { host: string; port: number }) {
  let frozen = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = new Socket();
    upstream.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.on('data', (chunk) => frozen || upstream.write(chunk));
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

describe('a database that stops answering (connections open, no bytes back)', () => {
  let database: TestDatabase;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    relay = await startRelay({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    // The driver gives up 5 s after the statement timeout.
    app = await buildApp(url.toString(), { DATABASE_STATEMENT_TIMEOUT_MS: '1000' });
  });

  afterAll(async () => {
    // The frozen connections cut first: the app's shutdown would otherwise wait on them.
    await relay?.close();
    await app?.close().catch(() => undefined);
    await database?.drop();
  });

  it('ends each request with a 503 in the API shape instead of leaving it hanging', async () => {
    // Connections in the pool first, as on a server that has been serving.
    await request(app.getHttpServer()).get('/api/articles').expect(200);
    relay.freeze();
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
