import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { changeAccess, RegisteredUser, registerUser } from './support/auth-factory';
import {
  ACTORS,
  Actor,
  Caller,
  ErrorBody,
  Expected,
  RouteRow,
  ROUTES,
  sha256,
  withRole,
} from './support/authorization-table';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { servedApiRoutes } from './support/served-routes';
import { TestApp, useTestApp } from './support/test-app';
import { Progress, withWatchdog } from './support/watchdog';

/**
 * Every mutating route × every kind of caller → the status the caller gets, from one table.
 *
 * Each cell builds its own data: a fresh `owner` (the user the target belongs to: the article's author,
 * the comment's author, the followed profile, the account an admin edits), then the caller. The four
 * broken callers (deactivated, revoked, expired, malformed) hold the token of someone who would
 * otherwise be let in (the owner, or an administrator where the owner is refused), so that the token's
 * state is the only reason left to refuse them. Rows with settings of their own (`env`, e.g.
 * ARTICLE_WRITERS=staff-only) run on an app started with them.
 */
const is2xx = (status: number) => status >= 200 && status < 300;
const statusOf = (expected: Expected) => (Array.isArray(expected) ? expected[0] : expected);

/** The caller of one cell; broken tokens belong to `base`, who would otherwise be let in. */
async function makeCaller(
  t: TestApp,
  actor: Actor,
  owner: RegisteredUser,
  base: () => Promise<RegisteredUser>,
): Promise<Caller> {
  const withToken = (user: RegisteredUser, token = user.token) => ({
    user,
    authorization: `Token ${token}`,
  });
  switch (actor) {
    case 'anonymous':
      return {};
    case 'another user':
      return withToken(await registerUser(t));
    case 'owner':
      return withToken(owner);
    case 'contributor':
    case 'author':
    case 'editor':
    case 'administrator':
      return withToken(await withRole(t, actor));
    case 'deactivated user': {
      // Straight in the database, so the token row is still there: the guard must check the user.
      const user = await base();
      await changeAccess(t, 'UPDATE users SET is_active = false WHERE id = $1', [user.id]);
      return withToken(user);
    }
    case 'revoked token': {
      const user = await base();
      await t
        .http()
        .post('/api/auth/logout')
        .set('Authorization', `Token ${user.token}`)
        .expect(204);
      return withToken(user);
    }
    case 'expired token': {
      const user = await base();
      await changeAccess(
        t,
        `UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [sha256(user.token)],
      );
      return withToken(user);
    }
    case 'malformed token': {
      // A real, valid token inside a header that does not follow `Token <t>`: a lenient parser that
      // took the first word would let it through.
      const user = await base();
      return { user, authorization: `Token ${user.token} ${user.token}` };
    }
  }
}

describe('authorization matrix: every mutating route × every kind of caller', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'error' });

  it('lists every mutating route the app serves, and only those', () => {
    const served = servedApiRoutes(t.app, 'fastify')
      .filter(({ method }) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
      .map(({ method, path }) => `${method} ${path}`)
      .sort();
    expect(served.length).toBeGreaterThan(0);
    const listed = [...new Set(ROUTES.map((row) => row.route))];
    const keys = ROUTES.map((row) => `${row.route} ${row.case ?? ''}`);
    const problems = [
      ...served
        .filter((route) => !listed.includes(route))
        .map(
          (route) =>
            `${route} is served but has no row in ROUTES (test/support/authorization-table.ts): ` +
            'add { route, arrange, expect } for it, as in the README\'s "Adding a feature module"',
        ),
      ...listed
        .filter((route) => !served.includes(route))
        .map((route) => `${route} has a row in ROUTES but is not served: rename or remove the row`),
      ...keys
        .filter((key, i) => keys.indexOf(key) !== i)
        .map((key) => `${key.trim()} has more than one row in ROUTES: tell them apart by \`case\``),
    ];
    expect(problems).toEqual([]);
  });

  runCells(
    t,
    ROUTES.filter((row) => row.env === undefined),
  );
});

/** One test per cell of `rows`, on the app `t`. */
function runCells(t: TestApp, rows: RouteRow[]): void {
  const cells = rows.flatMap((row) =>
    ACTORS.map((actor) => ({ row, actor, expected: row.expect[actor] })),
  );

  it.each(
    cells.map(
      (cell) =>
        [
          cell.row.case ? `${cell.row.route} (${cell.row.case})` : cell.row.route,
          cell.actor,
          statusOf(cell.expected),
          cell,
        ] as const,
    ),
  )('%s as %s → %i', (_route, actor, status, { row, expected }) => {
    const progress: Progress = { step: 'registering the owner' };
    // A cell hung once for 60 s under CI's load: this says where, if it happens again.
    return withWatchdog(
      t.database.url,
      50_000,
      progress,
      () => cell(t, progress, actor, status, row, expected),
      () => poolState(t),
    );
  });
}

/** The app's connection pool: a pool with every connection lent out and callers waiting hangs requests. */
function poolState(t: TestApp): string {
  const pool = (t.dataSource.driver as PostgresDriver).master as {
    totalCount: number;
    idleCount: number;
    waitingCount: number;
  };
  return ` (the app's pool: ${pool.totalCount} connections, ${pool.idleCount} idle, ${pool.waitingCount} callers waiting)`;
}

/** One cell: the row's scene, the actor's call, and what it answered and changed. */
async function cell(
  t: TestApp,
  progress: Progress,
  actor: Actor,
  status: number,
  row: RouteRow,
  expected: RouteRow['expect'][Actor],
): Promise<void> {
  const owner = await registerUser(t);
  progress.step = 'arranging the scene';
  const scene = await row.arrange(t, owner);
  const base = is2xx(statusOf(row.expect.owner))
    ? () => Promise.resolve(owner)
    : () => withRole(t, 'administrator');
  progress.step = `making the ${actor}`;
  const caller = await makeCaller(t, actor, owner, base);

  progress.step = 'reading the state before';
  const before = await scene.applied?.(caller);
  const method = row.route.split(' ')[0].toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
  let call = t.http()[method](scene.url);
  if (caller.authorization) call = call.set('Authorization', caller.authorization);
  if (scene.cookie) call = call.set('Cookie', scene.cookie);
  if (scene.attach) {
    const { field, data, filename } = scene.attach;
    call = call.attach(field, data, filename);
  }
  progress.step = `the call ${row.route.split(' ')[0]} ${scene.url}`;
  const response = await (scene.body === undefined ? call : call.send(scene.body as object));

  expect({ status: response.status, body: response.body as unknown }).toMatchObject({
    status,
  });
  if (status >= 400) {
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(Object.keys(response.body as object)).toEqual(['errors']);
    const errors = (response.body as { errors: ErrorBody }).errors;
    expect(Object.keys(errors).length).toBeGreaterThan(0);
    for (const messages of Object.values(errors)) {
      expect(messages).toEqual(expect.arrayContaining([expect.any(String)]));
    }
    if (Array.isArray(expected)) expect(errors).toEqual(expected[1]);
  }
  if (scene.applied) {
    progress.step = 'reading the state after';
    const after = await scene.applied(caller);
    expect({ before, after }).toEqual(
      is2xx(status) ? { before: false, after: true } : { before, after: before },
    );
  }
}

// The rows that need other settings, each set on an app of its own.
const settingsOf = (row: RouteRow) => JSON.stringify(row.env ?? null);
for (const env of [...new Set(ROUTES.filter((row) => row.env).map(settingsOf))]) {
  describe(`authorization matrix with ${Object.entries(JSON.parse(env) as Record<string, string>)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ')}`, () => {
    const t = useTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'error', ...(JSON.parse(env) as object) });
    runCells(
      t,
      ROUTES.filter((row) => settingsOf(row) === env),
    );
  });
}
