import { createHash, randomBytes } from 'node:crypto';
import { makeSuperuser, RegisteredUser, registerUser } from './support/auth-factory';
import { createArticle, createCategory, FAST_AUTH_ENV } from './support/posts-factory';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every mutating route × every kind of caller → the status the caller gets, from one table.
 *
 * Each cell builds its own data: a fresh `owner` (the user the target belongs to: the article's author,
 * the comment's author, the followed profile, the account an admin edits), then the caller. The four
 * broken callers (deactivated, revoked, expired, malformed) hold the token of someone who would
 * otherwise be let in (the owner, or a superuser where the owner is refused), so that the token's state
 * is the only reason left to refuse them.
 */
const ACTORS = [
  'anonymous',
  'another user',
  'owner',
  'superuser',
  'deactivated user',
  'revoked token',
  'expired token',
  'malformed token',
] as const;
type Actor = (typeof ACTORS)[number];

type ErrorBody = Record<string, string[]>;
/** A status, or a status with the exact error body. */
type Expected = number | [number, ErrorBody];

interface Caller {
  /** The user behind the token, valid or not. */
  user?: RegisteredUser;
  authorization?: string;
}

interface Scene {
  url: string;
  body?: unknown;
  /**
   * Whether the write is in the database; asked before and after the request: it must appear with a
   * 2xx and not otherwise (a revoked token is already gone before a refused logout, for instance).
   */
  applied?: (caller: Caller) => Promise<boolean>;
}

interface RouteRow {
  route: string;
  arrange: (t: TestApp, owner: RegisteredUser) => Scene | Promise<Scene>;
  expect: Record<Actor, Expected>;
}

const MISSING: ErrorBody = { token: ['is missing'] };
const INVALID: ErrorBody = { token: ['is invalid'] };
const EXPIRED: ErrorBody = { token: ['is expired'] };
const NOT_SUPERUSER: Expected = [403, { user: ['must be a superuser'] }];

/** A @Public() route: a token is read if valid and ignored otherwise, so everyone gets `status`. */
function anyone(status: number, overrides: Partial<Record<Actor, Expected>> = {}) {
  return { ...Object.fromEntries(ACTORS.map((actor) => [actor, status])), ...overrides } as Record<
    Actor,
    Expected
  >;
}

/** A route behind the token guard: the four broken tokens and no token are 401s. */
function signedIn(valid: Pick<Record<Actor, Expected>, 'another user' | 'owner' | 'superuser'>) {
  return {
    anonymous: [401, MISSING],
    ...valid,
    'deactivated user': [401, INVALID],
    'revoked token': [401, INVALID],
    'expired token': [401, EXPIRED],
    'malformed token': [401, INVALID],
  } as Record<Actor, Expected>;
}

const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

async function exists(t: TestApp, sql: string, params: unknown[]): Promise<boolean> {
  const rows: unknown[] = await t.dataSource.query(sql, params);
  return rows.length > 0;
}

async function superuser(t: TestApp): Promise<RegisteredUser> {
  const user = await registerUser(t);
  await makeSuperuser(t, user.id);
  return user;
}

/** A one-time token stored as the mail flow stores it (hashed), without going through a mailbox. */
async function oneTimeToken(t: TestApp, userId: number, purpose: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await t.dataSource.query(
    `INSERT INTO one_time_tokens (user_id, purpose, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + interval '1 hour')`,
    [userId, purpose, sha256(token)],
  );
  return token;
}

const ROUTES: RouteRow[] = [
  // Auth: public routes.
  {
    route: 'POST /api/users',
    arrange: (t) => {
      const username = unique('new');
      return {
        url: '/api/users',
        body: { user: { username, email: `${username}@example.test`, password: 'password-123' } },
        applied: () => exists(t, 'SELECT 1 FROM users WHERE username = $1', [username]),
      };
    },
    expect: anyone(201),
  },
  {
    route: 'POST /api/users/login',
    arrange: (_t, owner) => ({
      url: '/api/users/login',
      body: { user: { email: owner.email, password: owner.password } },
    }),
    // The token is ignored; the credentials are the owner's, and a deactivated owner cannot log in.
    expect: anyone(200, { 'deactivated user': [401, { credentials: ['invalid'] }] }),
  },
  {
    route: 'POST /api/auth/verify/request',
    arrange: (_t, owner) => ({
      url: '/api/auth/verify/request',
      body: { email: owner.email },
    }),
    expect: anyone(202),
  },
  {
    route: 'POST /api/auth/verify',
    arrange: async (t, owner) => ({
      url: '/api/auth/verify',
      body: { token: await oneTimeToken(t, owner.id, 'verify-email') },
      applied: () => exists(t, 'SELECT 1 FROM users WHERE id = $1 AND is_verified', [owner.id]),
    }),
    expect: anyone(204),
  },
  {
    route: 'POST /api/auth/forgot-password',
    arrange: (_t, owner) => ({
      url: '/api/auth/forgot-password',
      body: { email: owner.email },
    }),
    expect: anyone(202),
  },
  {
    route: 'POST /api/auth/reset-password',
    arrange: async (t, owner) => {
      const before: { password_hash: string }[] = await t.dataSource.query(
        'SELECT password_hash FROM users WHERE id = $1',
        [owner.id],
      );
      return {
        url: '/api/auth/reset-password',
        body: {
          token: await oneTimeToken(t, owner.id, 'reset-password'),
          password: 'new-pass-123',
        },
        applied: async () =>
          !(await exists(t, 'SELECT 1 FROM users WHERE id = $1 AND password_hash = $2', [
            owner.id,
            before[0].password_hash,
          ])),
      };
    },
    expect: anyone(204, { 'deactivated user': [400, { token: ['is invalid or expired'] }] }),
  },
  // Auth: the caller's own account.
  {
    route: 'PUT /api/user',
    arrange: (t) => {
      const bio = unique('bio');
      return {
        url: '/api/user',
        body: { user: { bio } },
        applied: (caller) =>
          exists(t, 'SELECT 1 FROM users WHERE id = $1 AND bio = $2', [caller.user?.id, bio]),
      };
    },
    expect: signedIn({ 'another user': 200, owner: 200, superuser: 200 }),
  },
  {
    route: 'POST /api/auth/logout',
    arrange: (t) => ({
      url: '/api/auth/logout',
      applied: async (caller) =>
        !(await exists(t, 'SELECT 1 FROM access_tokens WHERE token_hash = $1', [
          sha256(caller.user?.token ?? ''),
        ])),
    }),
    expect: signedIn({ 'another user': 204, owner: 204, superuser: 204 }),
  },
  {
    route: 'POST /api/auth/logout-all',
    arrange: (t) => ({
      url: '/api/auth/logout-all',
      applied: async (caller) =>
        !(await exists(t, 'SELECT 1 FROM access_tokens WHERE user_id = $1', [caller.user?.id])),
    }),
    expect: signedIn({ 'another user': 204, owner: 204, superuser: 204 }),
  },
  // Profiles.
  {
    route: 'POST /api/profiles/:username/follow',
    arrange: (t, owner) => ({
      url: `/api/profiles/${owner.username}/follow`,
      applied: () => exists(t, 'SELECT 1 FROM follows WHERE followee_id = $1', [owner.id]),
    }),
    expect: signedIn({
      'another user': 200,
      owner: [422, { profile: ['cannot follow yourself'] }],
      superuser: 200,
    }),
  },
  {
    route: 'DELETE /api/profiles/:username/follow',
    arrange: (_t, owner) => ({ url: `/api/profiles/${owner.username}/follow` }),
    // Unfollowing is idempotent, also of yourself (nobody can follow themselves).
    expect: signedIn({ 'another user': 200, owner: 200, superuser: 200 }),
  },
  // Articles.
  {
    route: 'POST /api/articles',
    arrange: (t) => {
      const title = unique('Matrix article');
      return {
        url: '/api/articles',
        body: { article: { title, description: 'd', body: 'b' } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE title = $1', [title]),
      };
    },
    expect: signedIn({ 'another user': 201, owner: 201, superuser: 201 }),
  },
  {
    route: 'PUT /api/articles/:slug',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      const body = unique('edited');
      return {
        url: `/api/articles/${article.slug}`,
        body: { article: { body } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE body = $1', [body]),
      };
    },
    // Only the author edits; superusers may delete but not rewrite someone's words.
    expect: signedIn({
      'another user': [403, { article: ['forbidden'] }],
      owner: 200,
      superuser: [403, { article: ['forbidden'] }],
    }),
  },
  {
    route: 'DELETE /api/articles/:slug',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      return {
        url: `/api/articles/${article.slug}`,
        applied: async () =>
          !(await exists(t, 'SELECT 1 FROM articles WHERE slug = $1', [article.slug])),
      };
    },
    expect: signedIn({
      'another user': [403, { article: ['forbidden'] }],
      owner: 204,
      superuser: 204,
    }),
  },
  {
    route: 'POST /api/articles/:slug/favorite',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      return {
        url: `/api/articles/${article.slug}/favorite`,
        applied: () =>
          exists(t, 'SELECT 1 FROM articles WHERE slug = $1 AND favorites_count = 1', [
            article.slug,
          ]),
      };
    },
    expect: signedIn({ 'another user': 200, owner: 200, superuser: 200 }),
  },
  {
    route: 'DELETE /api/articles/:slug/favorite',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      return { url: `/api/articles/${article.slug}/favorite` };
    },
    expect: signedIn({ 'another user': 200, owner: 200, superuser: 200 }),
  },
  // Comments.
  {
    route: 'POST /api/articles/:slug/comments',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      const body = unique('comment');
      return {
        url: `/api/articles/${article.slug}/comments`,
        body: { comment: { body } },
        applied: () => exists(t, 'SELECT 1 FROM comments WHERE body = $1', [body]),
      };
    },
    expect: signedIn({ 'another user': 201, owner: 201, superuser: 201 }),
  },
  {
    route: 'DELETE /api/articles/:slug/comments/:id',
    arrange: async (t, owner) => {
      // The article is someone else's: the owner here is the comment's author.
      const author = await registerUser(t);
      const article = await createArticle(t, author.token);
      const created = await t
        .http()
        .post(`/api/articles/${article.slug}/comments`)
        .set('Authorization', `Token ${owner.token}`)
        .send({ comment: { body: 'to delete' } })
        .expect(201);
      const id = (created.body as { comment: { id: number } }).comment.id;
      return {
        url: `/api/articles/${article.slug}/comments/${id}`,
        applied: async () => !(await exists(t, 'SELECT 1 FROM comments WHERE id = $1', [id])),
      };
    },
    expect: signedIn({
      'another user': [403, { comment: ['forbidden'] }],
      owner: 204,
      superuser: 204,
    }),
  },
  // Categories: nobody owns one; `owner` is a plain signed-in user like `another user`.
  {
    route: 'POST /api/categories',
    arrange: (t) => {
      const name = unique('Category');
      return {
        url: '/api/categories',
        body: { category: { name } },
        applied: () => exists(t, 'SELECT 1 FROM categories WHERE name = $1', [name]),
      };
    },
    expect: signedIn({ 'another user': NOT_SUPERUSER, owner: NOT_SUPERUSER, superuser: 201 }),
  },
  {
    route: 'PUT /api/categories/:slug',
    arrange: async (t) => {
      const category = await createCategory(t, (await superuser(t)).token);
      const description = unique('described');
      return {
        url: `/api/categories/${category.slug}`,
        body: { category: { description } },
        applied: () => exists(t, 'SELECT 1 FROM categories WHERE description = $1', [description]),
      };
    },
    expect: signedIn({ 'another user': NOT_SUPERUSER, owner: NOT_SUPERUSER, superuser: 200 }),
  },
  {
    route: 'DELETE /api/categories/:slug',
    arrange: async (t) => {
      const category = await createCategory(t, (await superuser(t)).token);
      return {
        url: `/api/categories/${category.slug}`,
        applied: async () =>
          !(await exists(t, 'SELECT 1 FROM categories WHERE slug = $1', [category.slug])),
      };
    },
    expect: signedIn({ 'another user': NOT_SUPERUSER, owner: NOT_SUPERUSER, superuser: 204 }),
  },
  // Administration: the owner is the account being administered, and may not do it themselves.
  {
    route: 'PATCH /api/admin/users/:id',
    arrange: (t, owner) => ({
      url: `/api/admin/users/${owner.id}`,
      body: { user: { isVerified: true } },
      applied: () => exists(t, 'SELECT 1 FROM users WHERE id = $1 AND is_verified', [owner.id]),
    }),
    expect: signedIn({ 'another user': NOT_SUPERUSER, owner: NOT_SUPERUSER, superuser: 200 }),
  },
  {
    route: 'DELETE /api/admin/users/:id',
    arrange: (t, owner) => ({
      url: `/api/admin/users/${owner.id}`,
      applied: async () => !(await exists(t, 'SELECT 1 FROM users WHERE id = $1', [owner.id])),
    }),
    expect: signedIn({ 'another user': NOT_SUPERUSER, owner: NOT_SUPERUSER, superuser: 204 }),
  },
];

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
    case 'superuser':
      return withToken(await superuser(t));
    case 'deactivated user': {
      // Straight in the database, so the token row is still there: the guard must check the user.
      const user = await base();
      await t.dataSource.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
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
      await t.dataSource.query(
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

/** Mutating routes under /api, from Fastify's own router (its printed tree: 4 characters per level). */
function mutatingRoutes(tree: string): string[] {
  const found: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/u.exec(line.trimEnd());
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1] : '') + match[2];
    stack.push(path);
    for (const method of (match[3] ?? '').split(', ')) {
      if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && path.startsWith('/api/')) {
        found.push(`${method} ${path}`);
      }
    }
  }
  return found.sort();
}

describe('authorization matrix: every mutating route × every kind of caller', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'error' });
  });

  afterAll(async () => {
    await t.close();
  });

  it('lists every mutating route the app serves, and only those', () => {
    const tree = t.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
    const served = mutatingRoutes(tree);
    expect(served.length).toBeGreaterThan(0);
    expect(served).toEqual(ROUTES.map((row) => row.route).sort());
  });

  const cells = ROUTES.flatMap((row) =>
    ACTORS.map((actor) => ({ row, actor, expected: row.expect[actor] })),
  );

  it.each(
    cells.map((cell) => [cell.row.route, cell.actor, statusOf(cell.expected), cell] as const),
  )('%s as %s → %i', async (_route, actor, status, { row, expected }) => {
    const owner = await registerUser(t);
    const scene = await row.arrange(t, owner);
    const base = is2xx(statusOf(row.expect.owner))
      ? () => Promise.resolve(owner)
      : () => superuser(t);
    const caller = await makeCaller(t, actor, owner, base);

    const before = await scene.applied?.(caller);
    const method = row.route.split(' ')[0].toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
    let call = t.http()[method](scene.url);
    if (caller.authorization) call = call.set('Authorization', caller.authorization);
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
      const after = await scene.applied(caller);
      expect({ before, after }).toEqual(
        is2xx(status) ? { before: false, after: true } : { before, after: before },
      );
    }
  });
});
