import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/data-source-options';
import { createTestDatabase, TestDatabase } from './test-app';

/**
 * A database no migration has touched, and a DataSource on it with the app's options (its migrations
 * included), made in the beforeAll of the describe block that calls this and dropped after it: for
 * tests that run the migrations themselves.
 */
export function useUnmigratedDatabase(): { readonly url: string; readonly dataSource: DataSource } {
  let database: TestDatabase | undefined;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    dataSource = await new DataSource(dataSourceOptions({ url: database.url })).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('useUnmigratedDatabase: used before its beforeAll ran');
    return value;
  };
  return {
    get url() {
      return ready(database).url;
    },
    get dataSource() {
      return ready(dataSource);
    },
  };
}
