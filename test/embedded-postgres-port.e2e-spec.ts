import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../libs/database/embedded-postgres';
import * as host from '../libs/database/embedded-postgres-host';
import { testPort } from './support/test-port';

// The first free port the embedded PostgreSQL is handed is one another program takes before PostgreSQL
// binds it: the race of a port that was free when it was picked.
jest.mock('../libs/database/embedded-postgres-host', () => {
  const actual = jest.requireActual<typeof host>('../libs/database/embedded-postgres-host');
  return { ...actual, freePort: jest.fn(actual.freePort) };
});

describe('the embedded PostgreSQL on a port picked for it', () => {
  let dataDir: string;
  let taker: Server;
  let taken: number;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-embedded-port-'));
    taken = await testPort();
    taker = createServer();
    await new Promise<void>((resolve) => taker.listen(taken, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await EmbeddedPostgres.stopAny({ dataDir: join(dataDir, 'pg') }).catch(() => undefined);
    await new Promise((resolve) => taker.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  const options = (port: number, log: (line: string) => void = () => undefined) => ({
    dataDir: join(dataDir, 'pg'),
    port,
    database: 'folio',
    ephemeral: true,
    log,
  });

  it('picks another when the first is taken before PostgreSQL listens on it', async () => {
    jest.mocked(host.freePort).mockResolvedValueOnce(taken);
    const lines: string[] = [];
    const server = await EmbeddedPostgres.start(options(0, (line) => lines.push(line)));
    try {
      expect(new URL(server.url).port).not.toBe(String(taken));
      expect(lines).toContain(
        `Port ${taken} was taken before the embedded PostgreSQL could listen on it; trying another`,
      );
      const client = new Client({ connectionString: server.url });
      await client.connect();
      await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
      await client.end();
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('a port someone chose is theirs: taken, it fails with one clear line', async () => {
    const picks = jest.mocked(host.freePort).mock.calls.length;
    await expect(EmbeddedPostgres.start(options(taken))).rejects.toThrow(
      `The embedded PostgreSQL did not start on port ${taken}: the port is taken by another program ` +
        '(set EMBEDDED_PG_PORT)',
    );
    expect(jest.mocked(host.freePort).mock.calls.length).toBe(picks);
  }, 120_000);
});
