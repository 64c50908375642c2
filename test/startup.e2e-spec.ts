import { Test } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../libs/database/database.module';
import { EmbeddedPostgres } from '../libs/database/embedded-postgres';
import { testPort } from './support/test-port';
import { StartupError } from '../libs/database/startup-error';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { CreateFixtures1700000000000 } from './fixtures/migrations/1700000000000-CreateFixtures';
import { createTestDatabase } from './support/test-app';

async function boot(databaseUrl: string, env: Record<string, string> = {}) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.register({ config: loadConfig({ NODE_ENV: 'test', ...env }), databaseUrl }),
    ],
  }).compile();
  return moduleRef;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

describe('start-up failures get one clear line', () => {
  it('a database that is missing', async () => {
    const url = withDatabase(process.env.FOLIO_TEST_ADMIN_URL as string, 'folio_no_such_database');
    const failure = boot(url);
    await expect(failure).rejects.toBeInstanceOf(StartupError);
    await expect(failure).rejects.toThrow('The database "folio_no_such_database" does not exist');
  });

  it('a server that is not there', async () => {
    await expect(boot('postgres://postgres@127.0.0.1:1/folio')).rejects.toThrow(
      'Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused)',
    );
  });

  it('a wrong password', async () => {
    const admin = new URL(process.env.FOLIO_TEST_ADMIN_URL as string);
    const role = `folio_pw_${process.pid}`;
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(`DROP ROLE IF EXISTS ${role}`);
      await client.query(`CREATE ROLE ${role} LOGIN PASSWORD 'right-password'`);
      const hba = await client.query<{ auth: string }>(
        `SELECT auth_method AS auth FROM pg_hba_file_rules WHERE type = 'host' AND address = '127.0.0.1' LIMIT 1`,
      );
      // The machine's server may trust every local login; then there is no password to get wrong.
      if (hba.rows[0]?.auth === 'trust') return;
      admin.username = role;
      admin.password = 'wrong-password';
      await expect(boot(admin.toString())).rejects.toThrow(
        `PostgreSQL rejected the password for user "${role}"`,
      );
    } finally {
      await client.query(`DROP ROLE IF EXISTS ${role}`);
      await client.end();
    }
  });

  it('pending migrations stop the start when MIGRATIONS_RUN is off, and are applied when it is on', async () => {
    const database = await createTestDatabase();
    const bootWith = (runMigrations: boolean) =>
      Test.createTestingModule({
        imports: [
          DatabaseModule.forRoot({
            url: database.url,
            runMigrations,
            extraMigrations: [CreateFixtures1700000000000],
          }),
        ],
      }).compile();
    try {
      await expect(bootWith(false)).rejects.toThrow(
        'The database schema is behind: 1 migration(s) not applied (CreateFixtures1700000000000); run npm run migration:run',
      );
      const moduleRef = await bootWith(true);
      const tables = await moduleRef
        .get(DataSource)
        .query<{ t: string | null }[]>("SELECT to_regclass('gadgets') AS t");
      expect(tables[0].t).toBe('gadgets');
      await moduleRef.close();
    } finally {
      await database.drop();
    }
  });
});

describe('embedded PostgreSQL', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'folio-embedded-test-'));
  });

  afterAll(async () => {
    for (const folder of ['pg', 'pg-shared']) {
      await EmbeddedPostgres.stopAny({ dataDir: join(dataDir, folder) }).catch(() => undefined);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const answers = async (url: string): Promise<boolean> => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  it('two Folios started at once share one server, and the last one to leave stops it', async () => {
    // As two terminals (npm start, npm run start:dev) on a fresh checkout: initdb and the start happen once.
    const options = {
      dataDir: join(dataDir, 'pg-shared'),
      port: await testPort(),
      database: 'folio',
      ephemeral: true,
    };
    const [first, second] = await Promise.all([
      EmbeddedPostgres.start(options),
      EmbeddedPostgres.start(options),
    ]);
    expect([first.owned, second.owned].sort()).toEqual([false, true]);
    expect(second.url).toBe(first.url);
    const [starter, joiner] = first.owned ? [first, second] : [second, first];
    // The one that started it goes first (its terminal closed): the other keeps its database.
    await starter.stop();
    await expect(answers(joiner.url)).resolves.toBe(true);
    // A third comes and goes (a migration command) while the other still runs.
    const command = await EmbeddedPostgres.start(options);
    command.stopSync();
    await expect(answers(joiner.url)).resolves.toBe(true);
    await joiner.stop();
    await expect(answers(joiner.url)).resolves.toBe(false);
  }, 120_000);

  it('adopts a server whose starter was killed, and stops it cleanly', async () => {
    // Any free port: a fixed one collides with whatever else runs on the machine (other test runs).
    const port = await testPort();
    const options = { dataDir: join(dataDir, 'pg'), port, database: 'folio', ephemeral: true };
    // A process that starts the server and is then killed with SIGKILL, leaving PostgreSQL behind.
    const script = `require(${JSON.stringify(require.resolve('../libs/database/embedded-postgres'))}).EmbeddedPostgres.start(${JSON.stringify(options)}).then(() => { console.log('ready'); setInterval(() => {}, 1000); });`;
    const child = execFile(process.execPath, ['--import', 'tsx', '-e', script]);
    await new Promise<void>((ready, fail) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
      child.on('exit', (code) => fail(new Error(`starter exited with ${code}`)));
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    const adopted = await EmbeddedPostgres.start(options);
    expect(adopted.owned).toBe(true);
    const client = new Client({ connectionString: adopted.url });
    await client.connect();
    await expect(client.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    await client.end();

    await adopted.stop();
    const probe = new Client({ connectionString: adopted.url, connectionTimeoutMillis: 1000 });
    await expect(probe.connect()).rejects.toThrow();
    await probe.end().catch(() => undefined);
  });
});
