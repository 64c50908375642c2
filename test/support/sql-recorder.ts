import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * Records every SQL statement TypeORM sends while `work` runs (the app runs in this process under
 * supertest), prepared or not. Transaction control (BEGIN, COMMIT, ROLLBACK) is kept apart from the statements.
 */
export async function recordStatements<T>(
  work: () => Promise<T>,
): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = PostgresQueryRunner.prototype.query;
  const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query').mockImplementation(function (
    this: PostgresQueryRunner,
    query: string | { name: string; text: string },
    ...rest: unknown[]
  ) {
    // A prepared statement (sql.ts prepared()) comes as node-postgres's { name, text }.
    const text = typeof query === 'string' ? query : query.text;
    if (!/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/i.test(text)) {
      statements.push(text.replace(/\s+/g, ' ').trim());
    }
    return (original as (...args: unknown[]) => Promise<unknown>).call(this, query, ...rest);
  } as typeof original);
  try {
    return { result: await work(), statements };
  } finally {
    spy.mockRestore();
  }
}
