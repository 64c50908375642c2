import { DataSource, QueryRunner } from 'typeorm';

/** A migration's place in the run: the 13-digit timestamp its name ends with, as TypeORM orders them. */
function timestampOf(name: string): number {
  return Number(/(\d{13})$/.exec(name)?.[1] ?? 0);
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/**
 * Which of the app's migrations the database has, and which it lacks. On `runner`'s connection when
 * given: one that holds the pool's only connection (DATABASE_POOL_SIZE=1) would wait forever for another.
 */
export async function migrationStatus(
  dataSource: DataSource,
  runner?: QueryRunner,
): Promise<MigrationStatus> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query<{ name: string | null }[]>(
    'SELECT to_regclass($1) AS name',
    [table],
    runner,
  );
  const applied = exists[0]?.name
    ? (
        await dataSource.query<{ name: string }[]>(
          `SELECT name FROM "${table}" ORDER BY id`,
          [],
          runner,
        )
      ).map((row) => row.name)
    : [];
  const done = new Set(applied);
  const pending = dataSource.migrations
    .map((migration) => migration.name ?? migration.constructor.name)
    .filter((name) => !done.has(name))
    .sort((a, b) => timestampOf(a) - timestampOf(b));
  return { applied, pending };
}

export async function pendingMigrations(
  dataSource: DataSource,
  runner?: QueryRunner,
): Promise<string[]> {
  return (await migrationStatus(dataSource, runner)).pending;
}
