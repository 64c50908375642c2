import { MigrationExecutor, QueryRunner } from 'typeorm';
import cliDataSource from '../ormconfig';

/**
 * `npm run migration:sql`: prints the SQL that `migration:run` would execute, applying nothing.
 *
 * The pending migrations run inside one transaction that is always rolled back, so statements that
 * depend on earlier ones (and TypeORM's schema API) print exactly as they would run. A migration that
 * opts out of transactions cannot be previewed this way; it and those after it are only named.
 */
async function main(): Promise<void> {
  const dataSource = await cliDataSource;
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    const pending = await new MigrationExecutor(dataSource, runner).getPendingMigrations();
    if (pending.length === 0) {
      console.log('-- No pending migrations: the database is up to date.');
      return;
    }
    await runner.startTransaction();
    record(runner);
    for (const [index, migration] of pending.entries()) {
      if (migration.instance?.transaction === false) {
        const rest = pending.slice(index).map((m) => m.name);
        console.log(`-- Not previewed (runs outside a transaction): ${rest.join(', ')}`);
        break;
      }
      console.log(`\n-- Migration ${migration.name}`);
      await migration.instance?.up(runner);
    }
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
    await dataSource.destroy();
  }
}

function record(runner: QueryRunner): void {
  const execute = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  const recording = (sql: string, parameters?: unknown[], ...rest: unknown[]) => {
    const params = parameters?.length ? ` -- parameters: ${JSON.stringify(parameters)}` : '';
    console.log(`${sql.trim().replace(/;$/, '')};${params}`);
    return execute(sql, parameters, ...rest);
  };
  runner.query = recording as QueryRunner['query'];
}

main().catch((error: unknown) => {
  console.error(`migration:sql failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
