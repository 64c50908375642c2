import { DataSource } from 'typeorm';

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Which of the app's migrations the database has, and which it lacks. */
export async function migrationStatus(dataSource: DataSource): Promise<MigrationStatus> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query<{ name: string | null }[]>(
    'SELECT to_regclass($1) AS name',
    [table],
  );
  const applied = exists[0]?.name
    ? (await dataSource.query<{ name: string }[]>(`SELECT name FROM "${table}" ORDER BY id`)).map(
        (row) => row.name,
      )
    : [];
  const done = new Set(applied);
  const pending = dataSource.migrations
    .map((migration) => migration.name ?? migration.constructor.name)
    .filter((name) => !done.has(name));
  return { applied, pending };
}

export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  return (await migrationStatus(dataSource)).pending;
}
