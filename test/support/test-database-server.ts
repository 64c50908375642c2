import { Client } from 'pg';
import { PgBoss } from 'pg-boss';
import { DataSource } from 'typeorm';
import { JOB_SCHEMA } from '../../libs/jobs/job-queue';
import { dataSourceOptions } from '../../libs/database/data-source-options';
import { EmbeddedPostgres } from '../../libs/database/embedded-postgres';

/**
 * The PostgreSQL server the e2e tests use: DATABASE_URL's when set (the tests create and drop their own
 * databases on it), otherwise an embedded one kept apart from the development data.
 */
export async function startTestServer(): Promise<{
  adminUrl: string;
  embedded?: EmbeddedPostgres;
}> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL };
  const embedded = await EmbeddedPostgres.start({
    dataDir: process.env.EMBEDDED_PG_TEST_DATA || '.data/postgres-test',
    port: Number(process.env.EMBEDDED_PG_TEST_PORT || 0),
    database: 'postgres',
    ephemeral: true,
  });
  return { adminUrl: embedded.adminUrl, embedded };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(
  adminUrl: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database with every migration applied, to clone per test file. */
export async function createTemplate(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(adminUrl, name) }));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  // pg-boss installs its schema on the first start; done once here, every clone has it already.
  const boss = new PgBoss({
    connectionString: databaseUrl(adminUrl, name),
    schema: JOB_SCHEMA,
    supervise: false,
    schedule: false,
    registerInstance: false,
  });
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) =>
    client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  );
}
