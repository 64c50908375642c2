import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import cliDataSource from '../ormconfig';

/**
 * `npm run migration:check`: exits 1 when the migrations do not build the schema the entities describe.
 *
 * It compares the entities with the migrations, not with the configured database, whose state (reverted,
 * behind, hand-edited) says nothing about the migration files: a scratch database on the same server is
 * migrated from nothing, TypeORM's schema diff (what `migration:generate --check` runs) is taken against
 * it, and the scratch database is dropped. The configured database is only read to reach the server.
 */
async function main(): Promise<number> {
  const options = (await cliDataSource).options;
  if (options.type !== 'postgres' || !options.url) throw new Error('expected a PostgreSQL URL');
  const scratch = `folio_migration_check_${randomBytes(6).toString('hex')}`;
  await admin(options.url, `CREATE DATABASE "${scratch}"`);
  try {
    const url = new URL(options.url);
    url.pathname = `/${scratch}`;
    const dataSource = await new DataSource({ ...options, url: url.toString() }).initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      const diff = await dataSource.driver.createSchemaBuilder().log();
      if (diff.upQueries.length === 0) {
        console.log(
          `No changes in database schema were found: the ${dataSource.migrations.length} migrations build the entities' schema.`,
        );
        return 0;
      }
      console.error(
        'The entities differ from the schema the migrations build. Missing from the migrations:\n',
      );
      for (const { query } of diff.upQueries) console.error(`${query.trim()};`);
      console.error('\nGenerate one: npm run migration:generate -- migrations/<Name>');
      return 1;
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await admin(options.url, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
  }
}

/** One statement on the configured server (CREATE/DROP DATABASE cannot run in a transaction). */
async function admin(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const hint = /permission denied to create database/.test(message)
      ? ' (the role needs CREATEDB: the check migrates a scratch database from nothing)'
      : '';
    console.error(`migration:check failed: ${message}${hint}`);
    process.exitCode = 1;
  },
);
