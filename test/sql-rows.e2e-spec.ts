import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { sql, statement } from '../libs/database/sql';
import { queryRows, rowMapper } from '../libs/database/sql-row';
import { createTestDatabase, TestDatabase } from './support/test-app';

/** queryRows reads what every kind of statement returns, as a module's repository writes them. */
describe('queryRows on a real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const note = rowMapper('note', (row) => ({ id: row.int('id'), body: row.string('body') }));
  const rows = (text: ReturnType<typeof sql>) =>
    queryRows(dataSource.manager, statement(text), note);

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    dataSource = await new DataSource(dataSourceOptions({ url: database.url })).initialize();
    await dataSource.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('maps the rows of a SELECT, an INSERT, an UPDATE and a DELETE with RETURNING', async () => {
    expect(
      await rows(sql`INSERT INTO notes VALUES (1, 'one'), (2, 'two'), (3, 'three') RETURNING *`),
    ).toHaveLength(3);
    // Top-level: TypeORM answers these two with [rows, rowCount].
    expect(await rows(sql`UPDATE notes SET body = 'uno' WHERE id = ${1} RETURNING *`)).toEqual([
      { id: 1, body: 'uno' },
    ]);
    expect(await rows(sql`DELETE FROM notes WHERE id >= ${2} RETURNING id, body`)).toEqual([
      { id: 2, body: 'two' },
      { id: 3, body: 'three' },
    ]);
    expect(await rows(sql`DELETE FROM notes WHERE id = ${9} RETURNING id, body`)).toEqual([]);
    expect(
      await rows(sql`WITH gone AS (DELETE FROM notes RETURNING *) SELECT * FROM gone`),
    ).toEqual([{ id: 1, body: 'uno' }]);
    // Two rows are never taken for [rows, count].
    await rows(sql`INSERT INTO notes VALUES (4, 'four'), (5, 'five') RETURNING *`);
    expect(await rows(sql`SELECT * FROM notes ORDER BY id`)).toEqual([
      { id: 4, body: 'four' },
      { id: 5, body: 'five' },
    ]);
  });
});
