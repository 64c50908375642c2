import { useUnmigratedDatabase } from './support/unmigrated-database';

/** Every landed migration's `down` really undoes its `up`: all the way back to nothing, and up again. */
describe('the real migrations round-trip', () => {
  const unmigrated = useUnmigratedDatabase();

  const userTables = async () =>
    (
      await unmigrated.dataSource.query<{ name: string }[]>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'
          AND tablename NOT IN ('migrations', 'typeorm_metadata') ORDER BY 1`,
      )
    ).map((row) => row.name);
  const userFunctions = async () =>
    (
      await unmigrated.dataSource.query<{ name: string }[]>(
        `SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public'`,
      )
    ).map((row) => row.name);
  const drift = async () =>
    (await unmigrated.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);

  it('up, down to an empty schema, and up again, with no drift from the entities', async () => {
    const applied = await unmigrated.dataSource.runMigrations({ transaction: 'each' });
    expect(applied.length).toBe(unmigrated.dataSource.migrations.length);
    expect(applied.length).toBeGreaterThan(0);
    expect(await userTables()).toEqual(expect.arrayContaining(['users', 'articles', 'comments']));
    expect(await drift()).toEqual([]);

    for (let i = 0; i < applied.length; i++)
      await unmigrated.dataSource.undoLastMigration({ transaction: 'each' });
    expect(await userTables()).toEqual([]);
    expect(await userFunctions()).toEqual([]);

    await unmigrated.dataSource.runMigrations({ transaction: 'each' });
    expect(await drift()).toEqual([]);
  });
});
