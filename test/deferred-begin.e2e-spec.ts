import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { DeferredBeginClient } from '../libs/database/deferred-begin-client';
import { createTestDatabase, TestDatabase } from './support/test-app';

/** The transaction status of each ReadyForQuery the server sent: one per round trip. */
function roundTrips(client: DeferredBeginClient): string[] {
  const statuses: string[] = [];
  const connection = (client as unknown as { connection: NodeJS.EventEmitter }).connection;
  connection.on('readyForQuery', (message: { status: string }) => statuses.push(message.status));
  return statuses;
}

/**
 * The pool's client holds TypeORM's START TRANSACTION and sends BEGIN in the same write as the first
 * statement. Each check reads what the server said (ReadyForQuery's transaction status: I idle,
 * T in a transaction, E in a failed one), not what the client believes.
 */
describe('DeferredBeginClient (real PostgreSQL)', () => {
  let database: TestDatabase;
  let client: DeferredBeginClient;
  let trips: string[];

  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    const setup = new DeferredBeginClient({ connectionString: database.url });
    await setup.connect();
    await setup.query('CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)');
    await setup.end();
  });

  afterAll(async () => {
    await database?.drop();
  });

  beforeEach(async () => {
    client = new DeferredBeginClient({ connectionString: database.url });
    await client.connect();
    await client.query('TRUNCATE notes');
    trips = roundTrips(client);
  });

  afterEach(async () => {
    await client.end();
  });

  const count = async () =>
    Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM notes')).rows[0].n);

  it('sends BEGIN with the first statement: one round trip, inside a transaction', async () => {
    await client.query('START TRANSACTION');
    expect(trips).toEqual([]);
    const inserted = await client.query('INSERT INTO notes VALUES ($1, $2) RETURNING body', [
      1,
      'one',
    ]);
    expect(inserted.rows).toEqual([{ body: 'one' }]);
    expect(inserted.command).toBe('INSERT');
    expect(trips).toEqual(['T']);
    await client.query('ROLLBACK');
    expect(trips).toEqual(['T', 'I']);
    // The rollback undid it: BEGIN really ran before the insert.
    expect(await count()).toBe(0);
  });

  it('commits what the transaction wrote', async () => {
    await client.query('START TRANSACTION');
    await client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'one']);
    await client.query('INSERT INTO notes VALUES ($1, $2)', [2, 'two']);
    await client.query('COMMIT');
    expect(trips).toEqual(['T', 'T', 'I']);
    expect(await count()).toBe(2);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    await client.query('START TRANSACTION');
    await client.query('COMMIT');
    await client.query('START TRANSACTION');
    await client.query('ROLLBACK');
    expect(trips).toEqual([]);
    await client.query('SELECT 1');
    expect(trips).toEqual(['I']);
  });

  it('sends BEGIN alone before a statement without parameters (the simple protocol)', async () => {
    await client.query('START TRANSACTION');
    await client.query("INSERT INTO notes VALUES (1, 'one')");
    expect(trips).toEqual(['T', 'T']);
    await client.query('ROLLBACK');
    expect(await count()).toBe(0);
  });

  it('carries BEGIN with a named statement once this connection has parsed it', async () => {
    const insert = (id: number) => ({
      name: 'insert_note',
      text: 'INSERT INTO notes VALUES ($1, $2)',
      values: [id, `note ${id}`],
    });
    await client.query('START TRANSACTION');
    await client.query(insert(1));
    // Not parsed yet on this connection: BEGIN went alone.
    expect(trips).toEqual(['T', 'T']);
    await client.query('COMMIT');
    await client.query('START TRANSACTION');
    await client.query(insert(2));
    expect(trips).toEqual(['T', 'T', 'I', 'T']);
    await client.query('ROLLBACK');
    expect(await count()).toBe(1);
  });

  it('fails a carried statement with the server’s error, leaves the transaction to roll back', async () => {
    await client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'one']);
    await client.query('START TRANSACTION');
    await client.query('INSERT INTO notes VALUES ($1, $2)', [2, 'two']);
    await expect(
      client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'again']),
    ).rejects.toMatchObject({ code: '23505' });
    await client.query('ROLLBACK');
    expect(trips.slice(-3)).toEqual(['T', 'E', 'I']);
    expect(await count()).toBe(1);

    // The same when the failing statement is the one that carries BEGIN.
    await client.query('START TRANSACTION');
    await expect(
      client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'again']),
    ).rejects.toMatchObject({ code: '23505' });
    await client.query('ROLLBACK');
    // The error may reject before its ReadyForQuery is read; the ROLLBACK is sent after it.
    expect(trips.slice(-2)).toEqual(['E', 'I']);
    expect(await count()).toBe(1);
  });

  it('runs a transaction’s one statement alone when told it is the last: one round trip, COMMIT included', async () => {
    await client.query('START TRANSACTION');
    client.endWithNext();
    await client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'one']);
    // Idle after it: no BEGIN went before it, PostgreSQL committed it as it ended.
    expect(trips).toEqual(['I']);
    expect(client.ranAlone).toBe(true);
    // Nothing may follow it in the transaction; its COMMIT sends nothing.
    await expect(client.query('SELECT 1')).rejects.toThrow(/after the last one/);
    await client.query('COMMIT');
    expect(trips).toEqual(['I']);
    expect(client.ranAlone).toBe(false);
    expect(await count()).toBe(1);

    // A ROLLBACK cannot undo it (the caller's contract: nothing after it fails), and sends nothing.
    await client.query('START TRANSACTION');
    client.endWithNext();
    await client.query('INSERT INTO notes VALUES ($1, $2)', [2, 'two']);
    await client.query('ROLLBACK');
    expect(trips).toEqual(['I', 'I', 'I']);
    expect(await count()).toBe(2);
  });

  it('fails a statement run alone with the server’s error; its ROLLBACK sends nothing', async () => {
    await client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'one']);
    await client.query('START TRANSACTION');
    client.endWithNext();
    await expect(
      client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'again']),
    ).rejects.toMatchObject({ code: '23505' });
    await client.query('ROLLBACK');
    expect(client.ranAlone).toBe(false);
    // The error may reject before its ReadyForQuery is read: counted after the next statement.
    await client.query('SELECT 1');
    expect(trips).toEqual(['I', 'I', 'I']);
  });

  it('answers the ROLLBACK after a statement sent alone only once that statement is done', async () => {
    await client.query('START TRANSACTION');
    client.endWithNext();
    let done = false;
    const slow = client
      .query('INSERT INTO notes SELECT $1, $2 FROM pg_sleep(0.2)', [1, 'slow'])
      .then(() => (done = true));
    // As a request that fails while its statement runs: the connection must not go back to the pool busy.
    await client.query('ROLLBACK');
    expect(done).toBe(true);
    await slow;
    expect(await count()).toBe(1);
  });

  it('keepTransaction takes "the last" back: the next statement carries BEGIN as usual', async () => {
    await client.query('START TRANSACTION');
    client.endWithNext();
    client.keepTransaction();
    await client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'one']);
    expect(trips).toEqual(['T']);
    await client.query('ROLLBACK');
    expect(await count()).toBe(0);
  });

  it('once the transaction ran a statement, "the last" changes nothing: the ROLLBACK undoes both', async () => {
    await client.query('START TRANSACTION');
    await client.query('INSERT INTO notes VALUES ($1, $2)', [1, 'one']);
    client.endWithNext();
    await client.query('INSERT INTO notes VALUES ($1, $2)', [2, 'two']);
    expect(client.ranAlone).toBe(false);
    await client.query('ROLLBACK');
    expect(trips).toEqual(['T', 'T', 'I']);
    expect(await count()).toBe(0);
  });

  it('is the client of the app’s pool: TypeORM’s transactions commit and roll back through it', async () => {
    const dataSource = await new DataSource(dataSourceOptions({ url: database.url })).initialize();
    try {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      expect(await runner.connect()).toBeInstanceOf(DeferredBeginClient);
      await runner.startTransaction();
      await runner.query('INSERT INTO notes VALUES ($1, $2)', [1, 'kept']);
      await runner.commitTransaction();
      await runner.startTransaction();
      await runner.query('INSERT INTO notes VALUES ($1, $2)', [2, 'undone']);
      await runner.rollbackTransaction();
      await runner.release();
      const rows = await dataSource.query<{ body: string }[]>('SELECT body FROM notes');
      expect(rows).toEqual([{ body: 'kept' }]);
    } finally {
      await dataSource.destroy();
    }
  });
});
