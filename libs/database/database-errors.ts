import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';

/** The typed errors that the database layer raises; the HTTP layer maps each to one status. */
export abstract class DatabaseError extends Error {}

/** A row the caller asked for does not exist (404). */
export class RecordNotFoundError extends DatabaseError {
  constructor(readonly entity: string) {
    super(`${entity} not found`);
  }
}

/** A unique constraint refused the write (409); `field` names what is taken. */
export class UniqueViolationError extends DatabaseError {
  constructor(
    readonly field: string,
    readonly constraint?: string,
  ) {
    super(`${field} has already been taken`);
  }
}

/** A foreign key points at nothing (422). */
export class InvalidReferenceError extends DatabaseError {
  constructor(readonly field: string) {
    super(`${field} does not exist`);
  }
}

/** A row cannot go: others still reference it (409). */
export class StillReferencedError extends DatabaseError {
  constructor(readonly entity: string) {
    super(`${entity} is still referenced`);
  }
}

/** A value broke a column rule: not null, too long, malformed, check (422). */
export class InvalidValueError extends DatabaseError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** The server cannot be reached or is going away (503). */
export class DatabaseUnavailableError extends DatabaseError {
  constructor(cause?: unknown) {
    super('database unavailable', { cause });
  }
}

interface DriverError {
  code?: string;
  detail?: string;
  column?: string;
  table?: string;
  constraint?: string;
  message?: string;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database is gone (dropped, or being restored)
]);

const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection terminated unexpectedly',
  // The driver's query_timeout (data-source-options.ts): the server stopped answering.
  'Query read timeout',
];

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `Key (lower(email::text))=(…)` → `['email']`; `Key (follower_id, followee_id)=(…)` → both. */
function keyColumns(detail: string | undefined): string[] {
  const key = /^Key \((.+?)\)=\(/.exec(detail ?? '')?.[1];
  if (!key) return [];
  return key
    .replace(/\w+\(/g, '')
    .replace(/::[\w ]+/g, '')
    .replace(/\)/g, '')
    .split(',')
    .map((column) => camelCase(column.trim()));
}

/**
 * What a unique key says is taken: its columns, less the references that only scope it (a list's
 * `name` unique per `ownerId` is a taken `name`); all of them when all are references (a follow).
 */
function takenField(columns: string[]): string {
  const own = columns.filter((column) => !/Id$/.test(column));
  return (own.length > 0 ? own : columns).join('+') || 'value';
}

function singular(table: string | undefined): string {
  if (!table) return 'record';
  const name = table
    .replace(/ies$/, 'y')
    .replace(/lves$/, 'lf')
    .replace(/(s|x|z|ch|sh)es$/, '$1')
    .replace(/([^s])s$/, '$1');
  return camelCase(name);
}

/**
 * The one place where driver errors become typed errors. Anything it does not know is returned as it came,
 * to surface as a logged 500.
 */
export function translateDatabaseError(error: unknown, context: { entity?: string } = {}): unknown {
  if (error instanceof DatabaseError) return error;
  // TypeORM releases a query runner by itself when its connection emits an error (the server went
  // away); the unit of work releases its own only after the request. So a query or COMMIT that finds
  // its runner released lost its connection, and PostgreSQL rolled the transaction back: a 503, not a 500.
  if (error instanceof QueryRunnerAlreadyReleasedError) return new DatabaseUnavailableError(error);
  const driver: DriverError =
    error instanceof QueryFailedError ? (error.driverError as DriverError) : (error as DriverError);
  if (!driver || typeof driver !== 'object') return error;
  const code = driver.code ?? '';
  switch (code) {
    case '23505':
      return new UniqueViolationError(takenField(keyColumns(driver.detail)), driver.constraint);
    case '23001': // restrict_violation: PostgreSQL 18 reports ON DELETE RESTRICT with it
    case '23503':
      if (code === '23001' || driver.detail?.includes('is still referenced')) {
        // "update or delete on table "shelves" violates …": the row that cannot go is in that table.
        const table = /on table "([^"]+)"/.exec(driver.message ?? '')?.[1];
        return new StillReferencedError(context.entity ?? singular(table));
      }
      return new InvalidReferenceError(keyColumns(driver.detail)[0] ?? 'reference');
    case '23502':
      return new InvalidValueError(camelCase(driver.column ?? 'value'), "can't be blank");
    case '22001':
      return new InvalidValueError(camelCase(driver.column ?? 'value'), 'is too long');
    case '22021': // character_not_in_repertoire: a NUL byte, which PostgreSQL text cannot hold
    case '22P05': // untranslatable_character
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new InvalidValueError(camelCase(driver.column ?? 'value'), 'is invalid');
    case '23514':
      return new InvalidValueError(camelCase(driver.constraint ?? 'value'), 'is invalid');
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
    case '57014': // query_canceled: the statement timeout
      return new DatabaseUnavailableError(error);
  }
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))
    return new DatabaseUnavailableError(error);
  const message = driver.message ?? (error as Error).message ?? '';
  if (UNAVAILABLE_MESSAGES.some((known) => message.includes(known))) {
    return new DatabaseUnavailableError(error);
  }
  return error;
}

/** Why PostgreSQL ends a transaction so that another can go on. */
export const TRANSACTION_CONFLICTS = ['deadlock', 'serialization_failure'] as const;
export type TransactionConflict = (typeof TRANSACTION_CONFLICTS)[number];

const CONFLICT_CODES: Record<string, TransactionConflict> = {
  '40P01': 'deadlock',
  '40001': 'serialization_failure',
};

/**
 * The conflict that ended the transaction `error` came from, if one did: the same work, run again from
 * its start, most likely succeeds (PostgreSQL's own advice). Looks through the typed errors' causes and
 * TypeORM's wrapper to the driver's code.
 */
export function transactionConflictOf(error: unknown): TransactionConflict | undefined {
  const code = driverErrorOf(error)?.code;
  return code === undefined ? undefined : CONFLICT_CODES[code];
}

/**
 * The driver's own error under `error`, the innermost that carries a code: through the typed errors'
 * causes and TypeORM's wrapper (whose copy of the code comes with its own message, not the driver's).
 */
export function driverErrorOf(error: unknown): (DriverError & { code: string }) | undefined {
  let found: (DriverError & { code: string }) | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, driverError, cause } = current as DriverError & {
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string') found = current as DriverError & { code: string };
    current = driverError ?? cause;
  }
  return found;
}

/**
 * Runs `write`, in which a reference through `field` to a row that a concurrent delete removed (committed
 * after the statement found the row, before its foreign-key check) is that row not found: the answer the
 * request would have had a moment later, not a 422 naming a column.
 */
export async function referenceGoneIsNotFound<T>(
  field: string,
  entity: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const translated = translateDatabaseError(error);
    if (translated instanceof InvalidReferenceError && translated.field === field) {
      throw new RecordNotFoundError(entity);
    }
    throw error;
  }
}
