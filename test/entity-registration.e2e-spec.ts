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

  it('the app registers exactly the entities the CLI finds by glob', () => {
    expect(tables(cli).length).toBeGreaterThanOrEqual(10);
    expect(tables(testApp.dataSource)).toEqual(tables(cli));
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
    expect(new Set(registered)).toEqual(new Set(declared));
  });
});
