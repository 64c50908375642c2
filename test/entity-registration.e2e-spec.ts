import { DataSource, getMetadataArgsStorage } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { Gadget } from './fixtures/gadget.entity';
import { Shelf } from './fixtures/shelf.entity';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The app's entities are what the feature modules register (TypeOrmModule.forFeature, autoLoadEntities);
 * the TypeORM CLI's are what its glob finds. A module that forgets to register an entity, or an entity
 * file the glob cannot see, would make `migration:generate` and the running app disagree.
 */
describe('entity registration', () => {
  let testApp: TestApp;
  let cli: DataSource;

  beforeAll(async () => {
    testApp = await createTestApp();
    cli = new DataSource(dataSourceOptions({ url: testApp.database.url }));
    await cli.initialize();
  });

  afterAll(async () => {
    await cli?.destroy();
    await testApp?.close();
  });

  const tables = (dataSource: DataSource) =>
    dataSource.entityMetadatas.map((metadata) => metadata.tableName).sort();

  /** What to do about each side's extra tables, said plainly (a bare diff names no fix). */
  function disagreement(app: string[], glob: string[]): string[] {
    return [
      ...glob
        .filter((table) => !app.includes(table))
        .map(
          (table) =>
            `${table}: the CLI finds its entity (src/modules/**/*.entity.ts, libs/**/*.entity.ts) but no module registers it: add the class to TypeOrmModule.forFeature([...]) in its module`,
        ),
      ...app
        .filter((table) => !glob.includes(table))
        .map(
          (table) =>
            `${table}: a module registers its entity but the CLI's glob does not find it: name the file *.entity.ts under src/modules or libs`,
        ),
    ];
  }

  it('the app registers exactly the entities the CLI finds by glob', () => {
    expect(tables(cli).length).toBeGreaterThanOrEqual(10);
    expect(disagreement(tables(testApp.dataSource), tables(cli))).toEqual([]);
  });

  it('every entity class the app loads is registered by a module', () => {
    // By name: the metadata storage is per process, and other test files in this worker load their own copies.
    const fixtures = [Gadget.name, Shelf.name];
    const declared = getMetadataArgsStorage()
      .tables.filter(
        (table) =>
          table.type === 'regular' && !fixtures.includes((table.target as { name: string }).name),
      )
      .map((table) => (table.target as { name: string }).name);
    const registered = testApp.dataSource.entityMetadatas.map(
      (metadata) => (metadata.target as { name: string }).name,
    );
    const unregistered = declared
      .filter((name) => !registered.includes(name))
      .map(
        (name) =>
          `${name} is an @Entity() no module registers: add it to TypeOrmModule.forFeature([...]) in its module`,
      );
    expect(unregistered).toEqual([]);
    expect(new Set(registered)).toEqual(new Set(declared));
  });
});
