import { randomBytes } from 'node:crypto';
import { AccessCache } from '../../src/modules/accounts/access-cache';
import { lateBound } from './late-bound';
import { TestApp } from './test-app';
import { waitFor } from './wait-for';

export interface RegisteredUser {
  id: number;
  username: string;
  email: string;
  password: string;
  token: string;
}

/** Registers a user over HTTP, with unique values unless overridden, and returns it with its token. */
export async function registerUser(
  t: TestApp,
  overrides: Partial<{ username: string; email: string; password: string }> = {},
): Promise<RegisteredUser> {
  const suffix = randomBytes(5).toString('hex');
  const input = {
    username: overrides.username ?? `user_${suffix}`,
    email: overrides.email ?? `user_${suffix}@example.test`,
    password: overrides.password ?? `password-${suffix}`,
  };
  const response = await t.http().post('/api/users').send({ user: input });
  if (response.status !== 201) {
    throw new Error(`registerUser: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const rows: { id: number }[] = await t.dataSource.query(
    'SELECT id FROM users WHERE username = $1',
    [input.username],
  );
  return { id: rows[0].id, ...input, token: response.body.user.token };
}

export type TestRole = 'contributor' | 'author' | 'editor' | 'administrator' | null;

/**
 * A change to users or tokens made straight in the database, as an operator would make it: resolved
 * once the app has heard of it, as every instance soon does (AccessCache). A NOTIFY of its own follows
 * the change, so that the wait ends even when the change changed nothing (and its trigger kept quiet);
 * notifications arrive in commit order, so the trigger's, if any, has arrived by then.
 */
export async function changeAccess<T = unknown>(
  t: TestApp,
  text: string,
  parameters: unknown[] = [],
): Promise<T> {
  const cache = t.app.get(AccessCache);
  const before = cache.epoch();
  const result = await t.dataSource.query<T>(text, parameters);
  await t.dataSource.query(`SELECT pg_notify('folio_access', '')`);
  if (before !== undefined) {
    await waitFor('the app to hear of the change to access', () => cache.epoch() !== before);
  }
  return result;
}

/** Gives an existing user a staff role (null: a reader again), straight in the database. */
export async function setRole(t: TestApp, userId: number, role: TestRole): Promise<void> {
  await changeAccess(t, 'UPDATE users SET role = $2 WHERE id = $1', [userId, role]);
}

/** Makes an existing user an administrator (the superuser of old), straight in the database. */
export async function makeSuperuser(t: TestApp, userId: number): Promise<void> {
  await setRole(t, userId, 'administrator');
}

/**
 * A user registered in the beforeAll of the describe block that calls this (after the app's own
 * beforeAll), an administrator when asked (`superuser`) or with `role`; what it returns reads as that
 * user once the hook has run.
 */
export function useRegisteredUser(
  t: TestApp,
  options: { superuser?: boolean; role?: TestRole } = {},
): RegisteredUser {
  let current: RegisteredUser | undefined;
  beforeAll(async () => {
    current = await registerUser(t);
    const role = options.superuser ? 'administrator' : (options.role ?? null);
    if (role) await setRole(t, current.id, role);
  });
  return lateBound(
    'useRegisteredUser',
    ['id', 'username', 'email', 'password', 'token'],
    () => current,
  );
}

export function authHeader(token: string): [string, string] {
  return ['Authorization', `Token ${token}`];
}
