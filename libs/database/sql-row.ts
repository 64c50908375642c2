import { EntityManager } from 'typeorm';
import { SqlStatement } from './sql';

/** A raw row is not what its mapper expects: a statement and its mapper disagree (a bug, a 500). */
export class RowShapeError extends Error {}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  return `a ${typeof value}`;
}

/**
 * One raw row, read column by column with a type check. Each getter throws a RowShapeError naming the
 * row shape, the column and what it held, instead of letting a wrong type travel on as a cast.
 */
export class SqlRow {
  private readonly row: Record<string, unknown>;

  constructor(
    private readonly shape: string,
    raw: unknown,
  ) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new RowShapeError(`${shape} row: expected an object, got ${describe(raw)}`);
    }
    this.row = raw as Record<string, unknown>;
  }

  /** Whether the statement selected `column` at all. */
  has(column: string): boolean {
    return column in this.row;
  }

  isNull(column: string): boolean {
    return this.value(column) === null;
  }

  int(column: string): number {
    return this.check(column, 'an integer', (v): v is number => Number.isInteger(v));
  }

  /** Any finite number (a real or a double precision column). */
  number(column: string): number {
    return this.check(column, 'a number', (v): v is number => Number.isFinite(v));
  }

  string(column: string): string {
    return this.check(column, 'a string', (v): v is string => typeof v === 'string');
  }

  nullableString(column: string): string | null {
    return this.isNull(column) ? null : this.string(column);
  }

  boolean(column: string): boolean {
    return this.check(column, 'a boolean', (v): v is boolean => typeof v === 'boolean');
  }

  date(column: string): Date {
    return this.check(column, 'a Date', (v): v is Date => v instanceof Date);
  }

  nullableDate(column: string): Date | null {
    return this.isNull(column) ? null : this.date(column);
  }

  strings(column: string): string[] {
    const isStrings = (v: unknown): v is string[] =>
      Array.isArray(v) && v.every((item) => typeof item === 'string');
    return this.check(column, 'an array of strings', isStrings);
  }

  oneOf<T extends string>(column: string, allowed: readonly T[]): T {
    const isAllowed = (v: unknown): v is T => allowed.includes(v as T);
    return this.check(column, `one of ${allowed.join(', ')}`, isAllowed);
  }

  private value(column: string): unknown {
    if (!(column in this.row)) {
      throw new RowShapeError(`${this.shape} row: column "${column}" is missing`);
    }
    return this.row[column];
  }

  private check<T>(column: string, expected: string, is: (value: unknown) => value is T): T {
    const value = this.value(column);
    if (!is(value)) {
      throw new RowShapeError(
        `${this.shape} row: column "${column}" should be ${expected}, got ${describe(value)}`,
      );
    }
    return value;
  }
}

/** Reads one raw row into a typed value; `rowMapper` names it for the errors. */
export type RowMapper<T> = (raw: unknown) => T;

export function rowMapper<T>(shape: string, read: (row: SqlRow) => T): RowMapper<T> {
  return (raw) => read(new SqlRow(shape, raw));
}

/**
 * TypeORM answers a top-level UPDATE or DELETE with `[rows, rowCount]` instead of its rows: an array
 * first and a number second, which rows (objects) never are.
 */
function isRowsAndCount(answer: unknown[]): answer is [unknown[], number] {
  return answer.length === 2 && Array.isArray(answer[0]) && typeof answer[1] === 'number';
}

/**
 * Runs a statement and maps every row it returns: a SELECT's, or what an INSERT, UPDATE or DELETE
 * returns (RETURNING), top-level or in a WITH.
 */
export async function queryRows<T>(
  manager: EntityManager,
  query: SqlStatement,
  map: RowMapper<T>,
): Promise<T[]> {
  const answer: unknown = await manager.query(driverQuery(query), query.values);
  if (!Array.isArray(answer)) throw new RowShapeError(`expected rows, got ${describe(answer)}`);
  return (isRowsAndCount(answer) ? answer[0] : answer).map(map);
}

let preparing = true;

/** DATABASE_PREPARED_STATEMENTS: false sends every statement unnamed (PgBouncer before 1.21 in transaction mode). */
export function usePreparedStatements(enabled: boolean): void {
  preparing = enabled;
}

/**
 * What `manager.query` gets as its query: the text, or for a prepared() statement node-postgres's
 * `{ name, text }` form. TypeORM's query runner hands its first argument to the pg client unchanged
 * (typed as a string), and keeps its error wrapping and the session's connection either way.
 */
export function driverQuery({ text, name }: SqlStatement): string {
  if (!preparing || name === undefined) return text;
  return { name, text } as unknown as string;
}

/** Runs a statement whose rows, if any, nobody reads. */
export async function runStatement(manager: EntityManager, query: SqlStatement): Promise<void> {
  await manager.query(driverQuery(query), query.values);
}
