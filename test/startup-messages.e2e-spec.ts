import { rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { testPort } from './support/test-port';
import { EmbeddedPostgres } from '../libs/database/embedded-postgres';
import { MIGRATION_LOCK } from '../libs/database/database.module';
import { processesUsing } from './support/built-app';
import {
  isRunning,
  launchFolio,
  stopGently,
  waitForDbStatus,
  waitForExit,
} from './support/launched-process';
import { OwnedDatabase } from './support/owned-database';
import { tempFolderForPostgres } from './support/temp-folder';
import { createTestDatabase, TestDatabase } from './support/test-app';

const ROOT = join(__dirname, '..');

/** `node dist/src/main.js` with only these variables, run until it gives up. */
/** The exit code and stderr of a start that fails; what it printed on stdout is kept in `lastStdout`. */
let lastStdout = '';
async function startFails(env: Record<string, string>): Promise<{ code: unknown; stderr: string }> {
  const { child, output } = launchFolio([process.execPath, 'dist/src/main.js'], {
    cwd: ROOT,
    env: { LOG_LEVEL: 'info', ...env },
  });
  const code = await waitForExit(child, 60_000);
  lastStdout = output.stdout.join('');
  return { code, stderr: output.stderr.join('') };
}

/** A port that a program other than Folio holds, on 127.0.0.1. */
async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const port = await testPort();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { port, server };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

describe('a start that fails prints one clean line on stderr and nothing else', () => {
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = tempFolderForPostgres('folio-startup-');
  }, 120_000);

  afterAll(async () => {
    await database.drop();
    for (const name of ['http-port', 'pg-port']) {
      await EmbeddedPostgres.stopAny({ dataDir: join(folder, name) }).catch(() => undefined);
    }
    rmSync(folder, { recursive: true, force: true });
  });

  it('a database that does not exist', async () => {
    const url = withDatabase(process.env.FOLIO_TEST_ADMIN_URL as string, 'folio_no_such_database');
    const { hostname, port } = new URL(url);
    await expect(
      startFails({ DATABASE_URL: url, PORT: String(await testPort()) }),
    ).resolves.toEqual({
      code: 1,
      stderr:
        `Folio could not start: The database "folio_no_such_database" does not exist on ${hostname}:${port}; ` +
        `create it with: createdb -h ${hostname} -p ${port} -U postgres folio_no_such_database\n`,
    });
  });

  it('a media folder it cannot write (MEDIA_DIR), before the first upload would fail', async () => {
    // Under a file: no user, root included, can make that folder.
    const mediaDir = join(ROOT, 'package.json', 'media');
    await expect(
      startFails({
        DATABASE_URL: database.url,
        PORT: String(await testPort()),
        MEDIA_DIR: mediaDir,
      }),
    ).resolves.toEqual({
      code: 1,
      stderr: `Folio could not start: MEDIA_DIR ${mediaDir} cannot be written (ENOTDIR): set MEDIA_DIR to a folder this user may write\n`,
    });
  });

  it('a migration that fails: its name and PostgreSQL’s reason, no stack', async () => {
    const unmigrated = await createTestDatabase({ migrated: false });
    try {
      // The first migration creates users: a table of that name already there makes it fail.
      const client = new Client({ connectionString: unmigrated.url });
      await client.connect();
      await client.query('CREATE TABLE users (id integer)').finally(() => client.end());
      await expect(
        startFails({ DATABASE_URL: unmigrated.url, PORT: String(await testPort()) }),
      ).resolves.toEqual({
        code: 1,
        stderr:
          'Folio could not start: Migration CreateAuth1795633464074 failed, nothing of it was applied: ' +
          'relation "users" already exists\n',
      });
    } finally {
      await unmigrated.drop();
    }
  });

  it('a server that refuses the connection', async () => {
    await expect(
      startFails({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/folio',
        PORT: String(await testPort()),
      }),
    ).resolves.toEqual({
      code: 1,
      stderr:
        'Folio could not start: Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused): is it running? ' +
        'Check DATABASE_URL (outside production, unset it to use the embedded PostgreSQL)\n',
    });
  });

  it('a password with a stray % in DATABASE_URL, never shown', async () => {
    // The driver's bare "URI malformed" before.
    await expect(
      startFails({
        DATABASE_URL: 'postgres://postgres:50%off-long-secret@127.0.0.1:1/folio',
        PORT: String(await testPort()),
      }),
    ).resolves.toEqual({
      code: 1,
      stderr:
        'Folio could not start: Invalid configuration: DATABASE_URL has a % in its password that is not ' +
        'followed by two hex digits (write % as %25)\n',
    });
  });

  it('sslmode=require on a server without ssl: no driver warning, one line', async () => {
    // Before: pg's eight-line SECURITY WARNING about sslmode aliases, then its bare message.
    const url = new URL(database.url);
    url.searchParams.set('sslmode', 'require');
    await expect(
      startFails({ DATABASE_URL: url.toString(), PORT: String(await testPort()) }),
    ).resolves.toEqual({
      code: 1,
      stderr: `Folio could not start: PostgreSQL at ${url.hostname}:${url.port} does not accept SSL connections: turn ssl on in its configuration, or remove sslmode from DATABASE_URL\n`,
    });
  });

  it('a wrong password', async () => {
    // The embedded server asks for passwords (scram-sha-256), whatever the machine's server trusts.
    const server = await OwnedDatabase.start();
    try {
      const url = new URL(server.url);
      url.password = 'wrong-password';
      const { port } = url;
      await expect(
        startFails({ DATABASE_URL: url.toString(), PORT: String(await testPort()) }),
      ).resolves.toEqual({
        code: 1,
        stderr: `Folio could not start: PostgreSQL rejected the password for user "postgres" at 127.0.0.1:${port}\n`,
      });
    } finally {
      await server.stop();
    }
  });

  it('the HTTP port is in use, and the embedded PostgreSQL it started is stopped again', async () => {
    const taken = await occupiedPort();
    const dataDir = join(folder, 'http-port');
    try {
      await expect(
        startFails({
          PORT: String(taken.port),
          EMBEDDED_PG_DATA: dataDir,
          EMBEDDED_PG_PORT: String(await testPort()),
        }),
      ).resolves.toEqual({
        code: 1,
        stderr: `Folio could not start: the HTTP port ${taken.port} on 127.0.0.1 is in use by another program; stop it or set PORT\n`,
      });
      // The app was made before the port was found taken: its start-up lines (79 routes mapped) and
      // the listen error stay unsaid at the default level.
      expect(lastStdout).not.toMatch(/Mapped \{|"level":50/);
      expect(processesUsing(dataDir)).toEqual([]);
    } finally {
      taken.server.close();
    }
  }, 90_000);

  it('a HOST that does not resolve', async () => {
    await expect(
      startFails({
        DATABASE_URL: database.url,
        HOST: 'folio-no-such-host.invalid',
        PORT: String(await testPort()),
      }),
    ).resolves.toEqual({
      code: 1,
      stderr:
        'Folio could not start: HOST "folio-no-such-host.invalid" is not a name this machine can resolve; ' +
        'set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)\n',
    });
  });

  it('the embedded PostgreSQL port is taken', async () => {
    const taken = await occupiedPort();
    try {
      await expect(
        startFails({
          PORT: String(await testPort()),
          EMBEDDED_PG_DATA: join(folder, 'pg-port'),
          EMBEDDED_PG_PORT: String(taken.port),
        }),
      ).resolves.toEqual({
        code: 1,
        stderr:
          `Folio could not start: The embedded PostgreSQL did not start on port ${taken.port}: ` +
          'the port is taken by another program (set EMBEDDED_PG_PORT)\n',
      });
    } finally {
      taken.server.close();
    }
  }, 90_000);

  it('the lines before the app listens (its embedded PostgreSQL) are JSON at LOG_LEVEL, as every other', async () => {
    const dataDir = join(folder, 'early-lines');
    const run = async (level: string): Promise<string[]> => {
      const port = await testPort();
      const { child, output } = launchFolio([process.execPath, 'dist/src/main.js'], {
        cwd: ROOT,
        env: { LOG_LEVEL: level, PORT: String(port), EMBEDDED_PG_DATA: dataDir },
      });
      try {
        await waitForDbStatus(`http://127.0.0.1:${port}`, child, 90_000, () =>
          output.stderr.join(''),
        );
      } finally {
        child.kill('SIGTERM');
        await waitForExit(child, 30_000);
      }
      return output.stdout.join('').split('\n').filter(Boolean);
    };
    const info = await run('info');
    for (const line of info) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const messages = info.map((line) => JSON.parse(line) as { msg: string; context?: string });
    expect(messages).toContainEqual(
      expect.objectContaining({
        context: 'Folio',
        msg: expect.stringMatching(/^Embedded PostgreSQL ready/),
      }),
    );
    // The address to open is the one mailed links give (APP_URL), which a browser keeps a session for.
    expect(messages).toContainEqual(
      expect.objectContaining({
        msg: expect.stringMatching(
          /^Folio is listening on http:\/\/127\.0\.0\.1:(\d+) \(database: .*\); open the site at http:\/\/localhost:\1 \(APP_URL\)$/,
        ),
      }),
    );
    // Quiet means quiet: no start-up line at all.
    expect(await run('warn')).toEqual([]);
  }, 180_000);
});

describe('a start that applies migrations says so as it happens', () => {
  it('waiting for another instance, then what it applies, before it listens', async () => {
    const database = await createTestDatabase({ migrated: false });
    // Another instance, mid-migration: it holds the migration lock (advisory locks are per database).
    const other = new Client({ connectionString: database.url });
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
    const port = await testPort();
    const { child, output, log } = launchFolio([process.execPath, 'dist/src/main.js'], {
      cwd: ROOT,
      env: { LOG_LEVEL: 'info', PORT: String(port), DATABASE_URL: database.url },
    });
    const messages = () =>
      output.stdout
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
    /** Waits until a line says `msg` (its start), while Folio runs. */
    const said = async (start: string) => {
      const deadline = Date.now() + 60_000;
      while (!messages().some((msg) => msg.startsWith(start))) {
        if (Date.now() > deadline || !isRunning(child)) throw new Error(`no "${start}":\n${log()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    try {
      // Seen while the start waits, not held until Folio listens (before, nothing showed until then).
      await said('Another instance is applying migrations: waiting for it to finish');
      await other.end();
      await waitForDbStatus(`http://127.0.0.1:${port}`, child, 60_000, log);
      // Written just after the server listens: it may come a moment after the first answer.
      await said('Folio is listening');
      const lines = messages();
      const applying = lines.findIndex((msg) =>
        /^Applying \d+ migration\(s\): \w+ to \w+$/.test(msg),
      );
      const applied = lines.findIndex((msg) => msg.startsWith('Applied migration '));
      const listening = lines.findIndex((msg) => msg.startsWith('Folio is listening'));
      expect(applying).toBeGreaterThan(0);
      expect(applied).toBeGreaterThan(applying);
      expect(listening).toBeGreaterThan(applied);
    } finally {
      await stopGently(child, 30_000);
      await other.end().catch(() => undefined);
      await database.drop();
    }
  }, 150_000);
});
