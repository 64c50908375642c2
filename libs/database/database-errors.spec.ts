import { QueryFailedError, QueryRunnerAlreadyReleasedError } from 'typeorm';
import {
  DatabaseUnavailableError,
  driverErrorOf,
  InvalidReferenceError,
  InvalidValueError,
  StillReferencedError,
  transactionConflictOf,
  translateDatabaseError,
  UniqueViolationError,
} from './database-errors';

function failed(driverError: Record<string, unknown>): QueryFailedError {
  return new QueryFailedError(
    'INSERT …',
    [],
    Object.assign(
      new Error(typeof driverError.message === 'string' ? driverError.message : 'x'),
      driverError,
    ),
  );
}

describe('translateDatabaseError', () => {
  it('unique violations name the field, including expression indexes', () => {
    const plain = translateDatabaseError(
      failed({ code: '23505', detail: 'Key (username)=(jake) already exists.' }),
    );
    expect(plain).toEqual(new UniqueViolationError('username'));
    const lowered = translateDatabaseError(
      failed({ code: '23505', detail: 'Key (lower(email::text))=(a@b.c) already exists.' }),
    ) as UniqueViolationError;
    expect(lowered.field).toBe('email');
    const pair = translateDatabaseError(
      failed({ code: '23505', detail: 'Key (follower_id, followee_id)=(1, 2) already exists.' }),
    ) as UniqueViolationError;
    expect(pair.field).toBe('followerId+followeeId');
    // A name unique per owner is a taken name: the reference only scopes it.
    const scoped = translateDatabaseError(
      failed({ code: '23505', detail: 'Key (owner_id, lower(name))=(1, reads) already exists.' }),
    ) as UniqueViolationError;
    expect(scoped.field).toBe('name');
  });

  it('foreign keys: a missing target is an invalid reference, a referenced row cannot go', () => {
    const missing = translateDatabaseError(
      failed({
        code: '23503',
        detail: 'Key (category_id)=(9) is not present in table "categories".',
      }),
    ) as InvalidReferenceError;
    expect(missing).toBeInstanceOf(InvalidReferenceError);
    expect(missing.field).toBe('categoryId');
    const referenced = translateDatabaseError(
      failed({
        code: '23503',
        message:
          'update or delete on table "categories" violates foreign key constraint "fk" on table "articles"',
        detail: 'Key (id)=(1) is still referenced from table "articles".',
      }),
    ) as StillReferencedError;
    expect(referenced.entity).toBe('category');
    const restricted = translateDatabaseError(
      failed({
        code: '23001',
        message:
          'update or delete on table "shelves" violates RESTRICT setting of foreign key constraint "fk" on table "gadgets"',
        detail: 'Key (id)=(1) is referenced from table "gadgets".',
      }),
    ) as StillReferencedError;
    expect(restricted.entity).toBe('shelf');
  });

  it('column rules become invalid values', () => {
    expect(translateDatabaseError(failed({ code: '23502', column: 'title' }))).toEqual(
      new InvalidValueError('title', "can't be blank"),
    );
  });

  it('connection failures mean the database is unavailable', () => {
    expect(
      translateDatabaseError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })),
    ).toBeInstanceOf(DatabaseUnavailableError);
    expect(translateDatabaseError(new Error('Connection terminated unexpectedly'))).toBeInstanceOf(
      DatabaseUnavailableError,
    );
    expect(translateDatabaseError(failed({ code: '57P01' }))).toBeInstanceOf(
      DatabaseUnavailableError,
    );
    // The database dropped or renamed under a running app (a restore): the health probes' "down".
    expect(translateDatabaseError(failed({ code: '3D000' }))).toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });

  it('a NUL byte is an invalid value; timeouts, deadlocks and serialization failures are retryable', () => {
    expect(translateDatabaseError(failed({ code: '22021' }))).toBeInstanceOf(InvalidValueError);
    for (const code of ['57014', '40P01', '40001']) {
      expect(translateDatabaseError(failed({ code }))).toBeInstanceOf(DatabaseUnavailableError);
    }
  });

  it('a query runner that TypeORM released after its connection failed means the database is unavailable', () => {
    expect(translateDatabaseError(new QueryRunnerAlreadyReleasedError())).toBeInstanceOf(
      DatabaseUnavailableError,
    );
  });

  it('leaves unknown errors as they are', () => {
    const error = failed({ code: '42P01', message: 'relation "x" does not exist' });
    expect(translateDatabaseError(error)).toBe(error);
  });
});

describe('transactionConflictOf', () => {
  it('finds a deadlock or a serialization failure through TypeORM and the typed errors', () => {
    expect(transactionConflictOf(failed({ code: '40P01' }))).toBe('deadlock');
    expect(transactionConflictOf(failed({ code: '40001' }))).toBe('serialization_failure');
    const translated = translateDatabaseError(failed({ code: '40P01' }));
    expect(translated).toBeInstanceOf(DatabaseUnavailableError);
    expect(transactionConflictOf(translated)).toBe('deadlock');
    expect(transactionConflictOf(new Error('wrapped', { cause: failed({ code: '40001' }) }))).toBe(
      'serialization_failure',
    );
  });

  it("names the driver's own error, not TypeORM's copy of its code", () => {
    const driver = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const wrapped = new DatabaseUnavailableError(new QueryFailedError('UPDATE …', [], driver));
    expect(driverErrorOf(wrapped)).toBe(driver);
    expect(driverErrorOf(new Error('plain'))).toBeUndefined();
  });

  it('is nothing for the other failures, a lost connection or a statement timeout included', () => {
    for (const code of ['23505', '57014', '57P01', 'ECONNRESET']) {
      expect(transactionConflictOf(failed({ code }))).toBeUndefined();
    }
    expect(transactionConflictOf(new Error('plain'))).toBeUndefined();
    expect(transactionConflictOf(undefined)).toBeUndefined();
  });
});
