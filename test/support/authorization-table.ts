import { createHash, randomBytes } from 'node:crypto';
import { RegisteredUser, registerUser, setRole, TestRole } from './auth-factory';
import { attach, makeImage } from './media-images';
import { createArticle, createCategory } from './posts-factory';
import { TestApp } from './test-app';

// The authorization matrix's table: every mutating route, how to arrange its target, and what each kind
// of caller gets. test/authorization-matrix.e2e-spec.ts runs it.
//
// Callers: `another user` is a signed-in reader (no staff role) who is not the owner; `contributor`,
// `author`, `editor` and `administrator` are users with that staff role, none of them the owner; `owner`
// is a reader unless the row's arrange gives them a role. The site is open to every writer
// (ARTICLE_WRITERS=open) unless a row names its settings (`env`).

/** The staff roles' columns, weakest first. */
export const STAFF: readonly Exclude<TestRole, null>[] = [
  'contributor',
  'author',
  'editor',
  'administrator',
];

export const ACTORS = [
  'anonymous',
  'another user',
  'owner',
  'contributor',
  'author',
  'editor',
  'administrator',
  'deactivated user',
  'revoked token',
  'expired token',
  'malformed token',
] as const;
export type Actor = (typeof ACTORS)[number];

export type ErrorBody = Record<string, string[]>;
/** A status, or a status with the exact error body. */
export type Expected = number | [number, ErrorBody];

export interface Caller {
  /** The user behind the token, valid or not. */
  user?: RegisteredUser;
  authorization?: string;
}

export interface Scene {
  url: string;
  body?: unknown;
  /** The browser's Cookie header, for the routes a browser calls with its cookie. */
  cookie?: string;
  /** A file sent as multipart form data (field, bytes, file name), in place of a JSON body. */
  attach?: { field: string; data: Buffer; filename: string };
  /**
   * Whether the write is in the database; asked before and after the request: it must appear with a
   * 2xx and not otherwise (a revoked token is already gone before a refused logout, for instance).
   */
  applied?: (caller: Caller) => Promise<boolean>;
}

export interface RouteRow {
  route: string;
  /** What tells two rows of one route apart (the owner's role, the body, the settings). */
  case?: string;
  /** Settings of the app the row runs on; the matrix starts one app per distinct set. */
  env?: Record<string, string>;
  arrange: (t: TestApp, owner: RegisteredUser) => Scene | Promise<Scene>;
  expect: Record<Actor, Expected>;
}

export const MISSING: ErrorBody = { token: ['is missing'] };
export const INVALID: ErrorBody = { token: ['is invalid'] };
export const EXPIRED: ErrorBody = { token: ['is expired'] };
export const NOT_ADMINISTRATOR: Expected = [403, { user: ['must be an administrator'] }];
export const NOT_EDITOR: Expected = [403, { user: ['must be an editor or administrator'] }];
export const FORBIDDEN_ARTICLE: Expected = [403, { article: ['forbidden'] }];
export const ARTICLE_NOT_FOUND: Expected = [404, { article: ['not found'] }];
export const CONTRIBUTOR_PUBLISHING = (field: 'status' | 'publishAt'): Expected => [
  403,
  { [field]: ['cannot be published or scheduled by a contributor: an editor publishes it'] },
];
export const STAFF_ONLY: Expected = [
  403,
  { user: ['must have a staff role to write articles on this site'] },
];

/** A @Public() route: a token is read if valid and ignored otherwise, so everyone gets `status`. */
export function anyone(status: number, overrides: Partial<Record<Actor, Expected>> = {}) {
  return { ...Object.fromEntries(ACTORS.map((actor) => [actor, status])), ...overrides } as Record<
    Actor,
    Expected
  >;
}

type Valid = Pick<Record<Actor, Expected>, 'another user' | 'owner' | 'administrator'> &
  Partial<Record<'contributor' | 'author' | 'editor', Expected>>;

/**
 * A route behind the token guard: the four broken tokens and no token are 401s. A staff role not
 * given gets what `another user` gets (someone signed in who is not the owner).
 */
export function signedIn(valid: Valid) {
  return {
    anonymous: [401, MISSING],
    contributor: valid['another user'],
    author: valid['another user'],
    editor: valid['another user'],
    ...valid,
    'deactivated user': [401, INVALID],
    'revoked token': [401, INVALID],
    'expired token': [401, EXPIRED],
    'malformed token': [401, INVALID],
  } as Record<Actor, Expected>;
}

/** A @RequireRole('administrator') route: every other signed-in user gets a 403. */
export function administratorOnly(status: number) {
  return signedIn({
    'another user': NOT_ADMINISTRATOR,
    owner: NOT_ADMINISTRATOR,
    contributor: NOT_ADMINISTRATOR,
    author: NOT_ADMINISTRATOR,
    editor: NOT_ADMINISTRATOR,
    administrator: status,
  });
}

/** A @RequireRole('editor') route: editors and administrators get `status`, the others a 403. */
export function editorOnly(status: number) {
  return signedIn({
    'another user': NOT_EDITOR,
    owner: NOT_EDITOR,
    contributor: NOT_EDITOR,
    author: NOT_EDITOR,
    editor: status,
    administrator: status,
  });
}

/** What editors and administrators get (`status`), and the other signed-in callers (`others`). */
export function editorsOr(status: number, others: Expected, owner: Expected) {
  return signedIn({
    'another user': others,
    owner,
    contributor: others,
    author: others,
    editor: status,
    administrator: status,
  });
}

export const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export async function exists(t: TestApp, sql: string, params: unknown[]): Promise<boolean> {
  const rows: unknown[] = await t.dataSource.query(sql, params);
  return rows.length > 0;
}

/** The opposite of `exists`: no row matches (deleted, rotated, no longer failed). */
export async function absent(t: TestApp, sql: string, params: unknown[]): Promise<boolean> {
  return !(await exists(t, sql, params));
}

/** A new user with that staff role. */
export async function withRole(t: TestApp, role: Exclude<TestRole, null>): Promise<RegisteredUser> {
  const user = await registerUser(t);
  await setRole(t, user.id, role);
  return user;
}

/** A category, made by an administrator of its own (nobody owns a category). */
async function administratorsCategory(t: TestApp) {
  return createCategory(t, (await withRole(t, 'administrator')).token);
}

/** A published static page, made by an administrator of its own (nobody owns a page); its slug. */
async function administratorsPage(t: TestApp): Promise<string> {
  const response = await t
    .as((await withRole(t, 'administrator')).token)
    .post('/api/pages')
    .send({ page: { title: unique('Page'), body: 'About us', status: 'published' } })
    .expect(201);
  return (response.body as { page: { slug: string } }).page.slug;
}

/** An article of `owner`, who is given `role` first; its status as asked. */
async function ownersArticle(
  t: TestApp,
  owner: RegisteredUser,
  role: TestRole,
  status: 'draft' | 'published',
) {
  // Written while the owner may publish, then the role is set: a contributor's published article is
  // one an editor published for them.
  const article = await createArticle(t, owner.token, { status });
  await setRole(t, owner.id, role);
  return article;
}

/**
 * A contributor's article (`status`), shared first when `shared`, at its preview route; applied when
 * its key then `IS NULL` or `IS NOT NULL`.
 */
function previewArrangement(
  status: 'draft' | 'published',
  key: 'IS NULL' | 'IS NOT NULL',
  shared = false,
) {
  return async (t: TestApp, owner: RegisteredUser) => {
    const article = await ownersArticle(t, owner, 'contributor', status);
    const url = `/api/articles/${article.slug}/preview`;
    if (shared) await t.as(owner.token).post(url).expect(201);
    return {
      url,
      applied: () =>
        exists(t, `SELECT 1 FROM articles WHERE slug = $1 AND preview_key ${key}`, [article.slug]),
    };
  };
}

/**
 * A contributor's article (`status`) whose body was rewritten once, at the route that restores the
 * text it had; applied when the article has that text again.
 */
function revisionArrangement(status: 'draft' | 'published') {
  return async (t: TestApp, owner: RegisteredUser) => {
    const body = unique('first body');
    const article = await createArticle(t, owner.token, { status, body });
    await t
      .as(owner.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { body: unique('rewritten') } })
      .expect(200);
    await setRole(t, owner.id, 'contributor');
    const [{ id }] = await t.dataSource.query<{ id: number }[]>(
      'SELECT r.id FROM article_revisions r JOIN articles a ON a.id = r.article_id WHERE a.slug = $1 AND r.body = $2',
      [article.slug, body],
    );
    return {
      url: `/api/articles/${article.slug}/revisions/${id}/restore`,
      applied: () =>
        exists(t, 'SELECT 1 FROM articles WHERE slug = $1 AND body = $2', [article.slug, body]),
    };
  };
}

/** A newsletter subscriber in `status`, written straight into its table, with its links' tokens. */
async function newsletterSubscriber(
  t: TestApp,
  status: 'pending' | 'active' | 'unsubscribed',
): Promise<{ id: number; confirmToken: string; unsubscribeToken: string }> {
  const confirmToken = randomBytes(32).toString('base64url');
  const unsubscribeToken = randomBytes(32).toString('base64url');
  const rows = await t.dataSource.query<{ id: number }[]>(
    `INSERT INTO newsletter_subscribers
       (email, status, confirm_token_hash, confirm_expires_at, unsubscribe_token)
     VALUES ($1, $2, $3, now() + interval '1 day', $4) RETURNING id`,
    [
      `${unique('reader')}@example.test`,
      status,
      createHash('sha256').update(confirmToken).digest('hex'),
      unsubscribeToken,
    ],
  );
  return { id: rows[0].id, confirmToken, unsubscribeToken };
}

/** A public route of the newsletter's mailed links: `from` becomes `to` by the link's token. */
function newsletterLink(
  path: string,
  from: 'pending' | 'active' | 'unsubscribed',
  to: 'active' | 'unsubscribed',
  inQuery = false,
): RouteRow {
  return {
    route: `POST ${path}`,
    arrange: async (t) => {
      const subscriber = await newsletterSubscriber(t, from);
      const token = path.endsWith('/confirm')
        ? subscriber.confirmToken
        : subscriber.unsubscribeToken;
      return {
        url: inQuery ? `${path}?token=${token}` : path,
        body: inQuery ? {} : { token },
        applied: () =>
          exists(t, 'SELECT 1 FROM newsletter_subscribers WHERE id = $1 AND status = $2', [
            subscriber.id,
            to,
          ]),
      };
    },
    expect: anyone(200),
  };
}

/** A webhook endpoint (nobody owns one), written straight into its table; deliveries go nowhere. */
async function webhookEndpoint(t: TestApp): Promise<number> {
  const rows = await t.dataSource.query<{ id: number }[]>(
    `INSERT INTO webhook_endpoints (url, events, secret)
     VALUES ('https://hooks.example.test/folio', '{article.published}', $1) RETURNING id`,
    [`whsec_${randomBytes(32).toString('base64')}`],
  );
  return rows[0].id;
}

/** A logged delivery of a new endpoint. */
async function webhookDelivery(t: TestApp): Promise<{ endpointId: number; deliveryId: number }> {
  const endpointId = await webhookEndpoint(t);
  const rows = await t.dataSource.query<{ id: number }[]>(
    `INSERT INTO webhook_deliveries (endpoint_id, message_id, event, body, status, attempts)
     VALUES ($1, $2, 'ping', '{}', 'failed', 8) RETURNING id`,
    [endpointId, unique('msg')],
  );
  return { endpointId, deliveryId: rows[0].id };
}

const deliveriesOf = (t: TestApp, endpointId: number) =>
  exists(t, 'SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1', [endpointId]);

/** A one-time token stored as the mail flow stores it (hashed), without going through a mailbox. */
export async function oneTimeToken(t: TestApp, userId: number, purpose: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await t.dataSource.query(
    `INSERT INTO one_time_tokens (user_id, purpose, token_hash, expires_at)
     VALUES ($1, $2, $3, now() + interval '1 hour')`,
    [userId, purpose, sha256(token)],
  );
  return token;
}

/**
 * A signed-in route on the caller's own account: `owner` for the owner, `others` for every other
 * signed-in caller whatever their role, 401 without a valid token.
 */
function ownerOr(owner: Expected, others: Expected): Record<Actor, Expected> {
  return {
    ...(Object.fromEntries(ACTORS.map((actor) => [actor, others])) as Record<Actor, Expected>),
    anonymous: [401, MISSING],
    owner,
    'deactivated user': [401, INVALID],
    'revoked token': [401, INVALID],
    'expired token': [401, EXPIRED],
    'malformed token': [401, INVALID],
  };
}

/** A one-time code of the identity-provider callback, stored as the callback stores it (hashed). */
/** A code handed to a browser, and that browser's cookie, written straight into the table. */
async function providerExchangeCode(
  t: TestApp,
  userId: number,
): Promise<{ code: string; cookie: string }> {
  const code = randomBytes(32).toString('base64url');
  const browserSecret = randomBytes(32).toString('base64url');
  await t.dataSource.query(
    `INSERT INTO provider_exchange_codes (user_id, token_hash, browser_hash, expires_at)
     VALUES ($1, $2, $3, now() + interval '1 minute')`,
    [userId, sha256(code), sha256(browserSecret)],
  );
  return { code, cookie: `folio_oauth=${browserSecret}` };
}

/** A provider identity linked to the user, written straight into its table. */
async function linkedIdentity(t: TestApp, userId: number): Promise<number> {
  const rows = await t.dataSource.query<{ id: number }[]>(
    `INSERT INTO user_identities (user_id, provider, subject) VALUES ($1, 'acme', $2) RETURNING id`,
    [userId, unique('subject')],
  );
  return rows[0].id;
}

/** A public route that mails the owner a link: it takes only an email, and answers 202 to everyone. */
function mailRequest(path: string): RouteRow {
  return {
    route: `POST ${path}`,
    arrange: (_t, owner) => ({ url: path, body: { email: owner.email } }),
    expect: anyone(202),
  };
}

export const ROUTES: RouteRow[] = [
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
  mailRequest('/api/auth/verify/request'),
  {
    route: 'POST /api/auth/verify',
    arrange: async (t, owner) => ({
      url: '/api/auth/verify',
      body: { token: await oneTimeToken(t, owner.id, 'verify-email') },
      applied: () => exists(t, 'SELECT 1 FROM users WHERE id = $1 AND is_verified', [owner.id]),
    }),
    // A deactivated owner's link is refused like an unknown one, as for a password reset.
    expect: anyone(204, { 'deactivated user': [400, { token: ['is invalid or expired'] }] }),
  },
  mailRequest('/api/auth/forgot-password'),
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
        applied: () =>
          absent(t, 'SELECT 1 FROM users WHERE id = $1 AND password_hash = $2', [
            owner.id,
            before[0].password_hash,
          ]),
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
    expect: signedIn({ 'another user': 200, owner: 200, administrator: 200 }),
  },
  {
    route: 'POST /api/auth/logout',
    arrange: (t) => ({
      url: '/api/auth/logout',
      applied: (caller) =>
        absent(t, 'SELECT 1 FROM access_tokens WHERE token_hash = $1', [
          sha256(caller.user?.token ?? ''),
        ]),
    }),
    expect: signedIn({ 'another user': 204, owner: 204, administrator: 204 }),
  },
  {
    route: 'POST /api/auth/logout-all',
    arrange: (t) => ({
      url: '/api/auth/logout-all',
      applied: (caller) =>
        absent(t, 'SELECT 1 FROM access_tokens WHERE user_id = $1', [caller.user?.id]),
    }),
    expect: signedIn({ 'another user': 204, owner: 204, administrator: 204 }),
  },
  // Identity providers (none configured in this app: a link cannot start; an unlink needs none).
  {
    route: 'POST /api/auth/providers/exchange',
    arrange: async (t, owner) => {
      const { code, cookie } = await providerExchangeCode(t, owner.id);
      return {
        url: '/api/auth/providers/exchange',
        body: { code },
        cookie,
        applied: () =>
          exists(
            t,
            'SELECT 1 FROM provider_exchange_codes WHERE token_hash = $1 AND used_at IS NOT NULL',
            [sha256(code)],
          ),
      };
    },
    // The code signs its owner in, from the browser it was handed to, whatever token that browser
    // holds; a deactivated owner is refused.
    expect: anyone(200, { 'deactivated user': [401, { credentials: ['invalid'] }] }),
  },
  {
    route: 'POST /api/user/identities/:name',
    arrange: () => ({ url: '/api/user/identities/unconfigured' }),
    expect: ownerOr([404, { provider: ['not found'] }], [404, { provider: ['not found'] }]),
  },
  {
    route: 'DELETE /api/user/identities/:name',
    arrange: async (t, owner) => {
      const id = await linkedIdentity(t, owner.id);
      return {
        url: '/api/user/identities/acme',
        applied: () => absent(t, 'SELECT 1 FROM user_identities WHERE id = $1', [id]),
      };
    },
    // The owner has a password: the link is not their last way to sign in.
    expect: ownerOr(204, [404, { identity: ['not found'] }]),
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
      administrator: 200,
    }),
  },
  {
    route: 'DELETE /api/profiles/:username/follow',
    arrange: (_t, owner) => ({ url: `/api/profiles/${owner.username}/follow` }),
    // Unfollowing is idempotent, also of yourself (nobody can follow themselves).
    expect: signedIn({ 'another user': 200, owner: 200, administrator: 200 }),
  },
  // Articles. A reader owner writes as the open site lets them (publishes and edits their own).
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
    // Without a status a contributor's article is a draft; the others' is published.
    expect: signedIn({ 'another user': 201, owner: 201, administrator: 201 }),
  },
  {
    route: 'POST /api/articles',
    case: 'asking to publish',
    arrange: (t) => {
      const title = unique('Matrix published');
      return {
        url: '/api/articles',
        body: { article: { title, description: 'd', body: 'b', status: 'published' } },
        applied: () =>
          exists(t, "SELECT 1 FROM articles WHERE title = $1 AND status = 'published'", [title]),
      };
    },
    expect: signedIn({
      'another user': 201,
      owner: 201,
      contributor: CONTRIBUTOR_PUBLISHING('status'),
      administrator: 201,
    }),
  },
  {
    route: 'POST /api/articles',
    case: 'scheduling',
    arrange: (t) => {
      const title = unique('Matrix scheduled');
      const publishAt = new Date(Date.now() + 86_400_000).toISOString();
      return {
        url: '/api/articles',
        body: { article: { title, description: 'd', body: 'b', publishAt } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE title = $1', [title]),
      };
    },
    expect: signedIn({
      'another user': 201,
      owner: 201,
      contributor: CONTRIBUTOR_PUBLISHING('publishAt'),
      administrator: 201,
    }),
  },
  {
    route: 'POST /api/articles',
    case: 'ARTICLE_WRITERS=staff-only',
    env: { ARTICLE_WRITERS: 'staff-only' },
    arrange: (t) => {
      const title = unique('Matrix staff-only');
      return {
        url: '/api/articles',
        body: { article: { title, description: 'd', body: 'b' } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE title = $1', [title]),
      };
    },
    // Readers write nothing on a staff-only site; every staff role writes.
    expect: signedIn({
      'another user': STAFF_ONLY,
      owner: STAFF_ONLY,
      contributor: 201,
      author: 201,
      editor: 201,
      administrator: 201,
    }),
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
    // The author edits their own; editors and administrators anyone's.
    expect: editorsOr(200, FORBIDDEN_ARTICLE, 200),
  },
  {
    route: 'PUT /api/articles/:slug',
    case: "a contributor's draft",
    arrange: async (t, owner) => {
      const article = await ownersArticle(t, owner, 'contributor', 'draft');
      const body = unique('edited');
      return {
        url: `/api/articles/${article.slug}`,
        body: { article: { body } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE body = $1', [body]),
      };
    },
    // A draft does not exist for those who may not see it.
    expect: editorsOr(200, ARTICLE_NOT_FOUND, 200),
  },
  {
    route: 'PUT /api/articles/:slug',
    case: "publishing a contributor's draft",
    arrange: async (t, owner) => {
      const article = await ownersArticle(t, owner, 'contributor', 'draft');
      return {
        url: `/api/articles/${article.slug}`,
        body: { article: { status: 'published' } },
        applied: () =>
          exists(t, "SELECT 1 FROM articles WHERE slug = $1 AND status = 'published'", [
            article.slug,
          ]),
      };
    },
    expect: editorsOr(200, ARTICLE_NOT_FOUND, CONTRIBUTOR_PUBLISHING('status')),
  },
  {
    route: 'PUT /api/articles/:slug',
    case: "a contributor's published article",
    arrange: async (t, owner) => {
      const article = await ownersArticle(t, owner, 'contributor', 'published');
      const body = unique('edited');
      return {
        url: `/api/articles/${article.slug}`,
        body: { article: { body } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE body = $1', [body]),
      };
    },
    expect: editorsOr(200, FORBIDDEN_ARTICLE, [
      403,
      { article: ['is no longer a draft: only an editor may change it'] },
    ]),
  },
  {
    route: 'PUT /api/articles/:slug',
    case: "an author's article, unpublished",
    arrange: async (t, owner) => {
      const article = await ownersArticle(t, owner, 'author', 'published');
      return {
        url: `/api/articles/${article.slug}`,
        body: { article: { status: 'draft' } },
        applied: () =>
          exists(t, "SELECT 1 FROM articles WHERE slug = $1 AND status = 'draft'", [article.slug]),
      };
    },
    expect: editorsOr(200, FORBIDDEN_ARTICLE, 200),
  },
  {
    route: 'PUT /api/articles/:slug',
    case: "a reader's article, ARTICLE_WRITERS=staff-only",
    env: { ARTICLE_WRITERS: 'staff-only' },
    arrange: async (t, owner) => {
      // Written as an author (before the site closed, say), then a reader again.
      await setRole(t, owner.id, 'author');
      const article = await ownersArticle(t, owner, null, 'published');
      const body = unique('edited');
      return {
        url: `/api/articles/${article.slug}`,
        body: { article: { body } },
        applied: () => exists(t, 'SELECT 1 FROM articles WHERE body = $1', [body]),
      };
    },
    expect: editorsOr(200, FORBIDDEN_ARTICLE, STAFF_ONLY),
  },
  {
    route: 'DELETE /api/articles/:slug',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      return {
        url: `/api/articles/${article.slug}`,
        applied: () => absent(t, 'SELECT 1 FROM articles WHERE slug = $1', [article.slug]),
      };
    },
    expect: editorsOr(204, FORBIDDEN_ARTICLE, 204),
  },
  {
    route: 'DELETE /api/articles/:slug',
    case: "a contributor's draft",
    arrange: async (t, owner) => {
      const article = await ownersArticle(t, owner, 'contributor', 'draft');
      return {
        url: `/api/articles/${article.slug}`,
        applied: () => absent(t, 'SELECT 1 FROM articles WHERE slug = $1', [article.slug]),
      };
    },
    expect: editorsOr(204, ARTICLE_NOT_FOUND, 204),
  },
  {
    route: 'DELETE /api/articles/:slug',
    case: "a contributor's published article",
    arrange: async (t, owner) => {
      const article = await ownersArticle(t, owner, 'contributor', 'published');
      return {
        url: `/api/articles/${article.slug}`,
        applied: () => absent(t, 'SELECT 1 FROM articles WHERE slug = $1', [article.slug]),
      };
    },
    expect: editorsOr(204, FORBIDDEN_ARTICLE, [
      403,
      { article: ['is no longer a draft: only an editor may delete it'] },
    ]),
  },
  {
    route: 'DELETE /api/articles/:slug',
    case: "a reader's article, ARTICLE_WRITERS=staff-only",
    env: { ARTICLE_WRITERS: 'staff-only' },
    arrange: async (t, owner) => {
      await setRole(t, owner.id, 'author');
      const article = await ownersArticle(t, owner, null, 'published');
      return {
        url: `/api/articles/${article.slug}`,
        applied: () => absent(t, 'SELECT 1 FROM articles WHERE slug = $1', [article.slug]),
      };
    },
    // Anyone may take back what they wrote, whatever the site's setting.
    expect: editorsOr(204, FORBIDDEN_ARTICLE, 204),
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
    expect: signedIn({ 'another user': 200, owner: 200, administrator: 200 }),
  },
  {
    route: 'DELETE /api/articles/:slug/favorite',
    arrange: async (t, owner) => {
      const article = await createArticle(t, owner.token);
      return { url: `/api/articles/${article.slug}/favorite` };
    },
    expect: signedIn({ 'another user': 200, owner: 200, administrator: 200 }),
  },
  // Preview links: whoever may edit the article.
  {
    route: 'POST /api/articles/:slug/preview',
    case: "a contributor's draft",
    arrange: previewArrangement('draft', 'IS NOT NULL'),
    expect: editorsOr(201, ARTICLE_NOT_FOUND, 201),
  },
  {
    route: 'POST /api/articles/:slug/preview',
    case: "a contributor's published article",
    arrange: previewArrangement('published', 'IS NOT NULL'),
    expect: editorsOr(201, FORBIDDEN_ARTICLE, [
      403,
      { article: ['is no longer a draft: only an editor may change it'] },
    ]),
  },
  {
    route: 'DELETE /api/articles/:slug/preview',
    case: "a contributor's shared draft",
    arrange: previewArrangement('draft', 'IS NULL', true),
    expect: editorsOr(204, ARTICLE_NOT_FOUND, 204),
  },
  // Revision history: whoever may edit the article.
  {
    route: 'POST /api/articles/:slug/revisions/:id/restore',
    case: "a contributor's draft",
    arrange: revisionArrangement('draft'),
    expect: editorsOr(200, ARTICLE_NOT_FOUND, 200),
  },
  {
    route: 'POST /api/articles/:slug/revisions/:id/restore',
    case: "a contributor's published article",
    arrange: revisionArrangement('published'),
    expect: editorsOr(200, FORBIDDEN_ARTICLE, [
      403,
      { article: ['is no longer a draft: only an editor may change it'] },
    ]),
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
    expect: signedIn({ 'another user': 201, owner: 201, administrator: 201 }),
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
        applied: () => absent(t, 'SELECT 1 FROM comments WHERE id = $1', [id]),
      };
    },
    // Editors and administrators moderate: they delete anyone's comment.
    expect: editorsOr(204, [403, { comment: ['forbidden'] }], 204),
  },
  // Categories: editors and administrators manage them; nobody owns one (`owner` is a reader).
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
    expect: editorOnly(201),
  },
  {
    route: 'PUT /api/categories/:slug',
    arrange: async (t) => {
      const category = await administratorsCategory(t);
      const description = unique('described');
      return {
        url: `/api/categories/${category.slug}`,
        body: { category: { description } },
        applied: () => exists(t, 'SELECT 1 FROM categories WHERE description = $1', [description]),
      };
    },
    expect: editorOnly(200),
  },
  {
    route: 'DELETE /api/categories/:slug',
    arrange: async (t) => {
      const category = await administratorsCategory(t);
      return {
        url: `/api/categories/${category.slug}`,
        applied: () => absent(t, 'SELECT 1 FROM categories WHERE slug = $1', [category.slug]),
      };
    },
    expect: editorOnly(204),
  },
  // Static pages: editors and administrators write them; nobody owns one (`owner` is a reader).
  {
    route: 'POST /api/pages',
    arrange: (t) => {
      const title = unique('Page');
      return {
        url: '/api/pages',
        body: { page: { title, body: 'About us' } },
        applied: () => exists(t, 'SELECT 1 FROM static_pages WHERE title = $1', [title]),
      };
    },
    expect: editorOnly(201),
  },
  {
    route: 'PUT /api/pages/:slug',
    arrange: async (t) => {
      const slug = await administratorsPage(t);
      const body = unique('rewritten');
      return {
        url: `/api/pages/${slug}`,
        body: { page: { body } },
        applied: () => exists(t, 'SELECT 1 FROM static_pages WHERE body = $1', [body]),
      };
    },
    expect: editorOnly(200),
  },
  {
    route: 'DELETE /api/pages/:slug',
    arrange: async (t) => {
      const slug = await administratorsPage(t);
      return {
        url: `/api/pages/${slug}`,
        applied: () => absent(t, 'SELECT 1 FROM static_pages WHERE slug = $1', [slug]),
      };
    },
    expect: editorOnly(204),
  },
  // The newsletter: anyone, signed in or not, with the mailed link's token.
  {
    route: 'POST /api/newsletter/subscribe',
    arrange: (t) => {
      const email = `${unique('reader')}@example.test`;
      return {
        url: '/api/newsletter/subscribe',
        body: { email },
        applied: () => exists(t, 'SELECT 1 FROM newsletter_subscribers WHERE email = $1', [email]),
      };
    },
    expect: anyone(202),
  },
  newsletterLink('/api/newsletter/confirm', 'pending', 'active'),
  newsletterLink('/api/newsletter/unsubscribe', 'active', 'unsubscribed'),
  newsletterLink('/api/newsletter/resubscribe', 'unsubscribed', 'active'),
  newsletterLink('/api/newsletter/one-click', 'active', 'unsubscribed', true),
  {
    route: 'DELETE /api/admin/subscribers/:id',
    arrange: async (t) => {
      const { id } = await newsletterSubscriber(t, 'active');
      return {
        url: `/api/admin/subscribers/${id}`,
        applied: () => absent(t, 'SELECT 1 FROM newsletter_subscribers WHERE id = $1', [id]),
      };
    },
    expect: administratorOnly(204),
  },
  // Administration: the owner is the account being administered (a reader).
  {
    route: 'PATCH /api/admin/users/:id',
    arrange: (t, owner) => ({
      url: `/api/admin/users/${owner.id}`,
      body: { user: { isVerified: true } },
      applied: () => exists(t, 'SELECT 1 FROM users WHERE id = $1 AND is_verified', [owner.id]),
    }),
    expect: administratorOnly(200),
  },
  {
    route: 'PATCH /api/admin/users/:id',
    case: 'giving a role',
    arrange: (t, owner) => ({
      url: `/api/admin/users/${owner.id}`,
      body: { user: { role: 'editor' } },
      applied: () => exists(t, "SELECT 1 FROM users WHERE id = $1 AND role = 'editor'", [owner.id]),
    }),
    expect: administratorOnly(200),
  },
  {
    route: 'POST /api/admin/users',
    arrange: (t) => {
      const email = `${unique('invited')}@example.test`;
      return {
        url: '/api/admin/users',
        body: { user: { email, role: 'author' } },
        applied: () => exists(t, 'SELECT 1 FROM users WHERE email = $1', [email]),
      };
    },
    expect: administratorOnly(201),
  },
  {
    route: 'POST /api/admin/users/:id/invitation',
    arrange: async (t, owner) => {
      // An invited person who has not chosen a password yet.
      await t.dataSource.query('UPDATE users SET password_hash = NULL WHERE id = $1', [owner.id]);
      return {
        url: `/api/admin/users/${owner.id}/invitation`,
        applied: () =>
          exists(t, "SELECT 1 FROM one_time_tokens WHERE user_id = $1 AND purpose = 'invitation'", [
            owner.id,
          ]),
      };
    },
    expect: administratorOnly(200),
  },
  {
    route: 'DELETE /api/admin/users/:id',
    arrange: (t, owner) => ({
      url: `/api/admin/users/${owner.id}`,
      applied: () => absent(t, 'SELECT 1 FROM users WHERE id = $1', [owner.id]),
    }),
    expect: administratorOnly(204),
  },
  // Webhooks and job queues: administrators only (nobody owns an endpoint or a job).
  {
    route: 'POST /api/admin/webhooks',
    arrange: (t) => {
      const url = `https://hooks.example.test/${unique('hook')}`;
      return {
        url: '/api/admin/webhooks',
        body: { webhook: { url, events: ['article.published'] } },
        applied: () => exists(t, 'SELECT 1 FROM webhook_endpoints WHERE url = $1', [url]),
      };
    },
    expect: administratorOnly(201),
  },
  {
    route: 'PUT /api/admin/webhooks/:id',
    arrange: async (t) => {
      const id = await webhookEndpoint(t);
      const description = unique('described');
      return {
        url: `/api/admin/webhooks/${id}`,
        body: { webhook: { description } },
        applied: () =>
          exists(t, 'SELECT 1 FROM webhook_endpoints WHERE description = $1', [description]),
      };
    },
    expect: administratorOnly(200),
  },
  {
    route: 'DELETE /api/admin/webhooks/:id',
    arrange: async (t) => {
      const id = await webhookEndpoint(t);
      return {
        url: `/api/admin/webhooks/${id}`,
        applied: () => absent(t, 'SELECT 1 FROM webhook_endpoints WHERE id = $1', [id]),
      };
    },
    expect: administratorOnly(204),
  },
  {
    route: 'POST /api/admin/webhooks/:id/rotate-secret',
    arrange: async (t) => {
      const id = await webhookEndpoint(t);
      const [{ secret }] = await t.dataSource.query<{ secret: string }[]>(
        'SELECT secret FROM webhook_endpoints WHERE id = $1',
        [id],
      );
      return {
        url: `/api/admin/webhooks/${id}/rotate-secret`,
        applied: () => absent(t, 'SELECT 1 FROM webhook_endpoints WHERE secret = $1', [secret]),
      };
    },
    expect: administratorOnly(200),
  },
  {
    route: 'POST /api/admin/webhooks/:id/ping',
    arrange: async (t) => {
      const id = await webhookEndpoint(t);
      return { url: `/api/admin/webhooks/${id}/ping`, applied: () => deliveriesOf(t, id) };
    },
    expect: administratorOnly(201),
  },
  {
    route: 'POST /api/admin/webhooks/:id/deliveries/:deliveryId/redeliver',
    arrange: async (t) => {
      const { endpointId, deliveryId } = await webhookDelivery(t);
      return {
        url: `/api/admin/webhooks/${endpointId}/deliveries/${deliveryId}/redeliver`,
        applied: () =>
          exists(t, "SELECT 1 FROM webhook_deliveries WHERE id = $1 AND status = 'pending'", [
            deliveryId,
          ]),
      };
    },
    expect: administratorOnly(200),
  },
  {
    route: 'POST /api/admin/jobs/:queue/:id/retry',
    arrange: async (t) => {
      const [{ id }] = await t.dataSource.query<{ id: string }[]>(
        `INSERT INTO pgboss.job (name, data, state, retry_limit)
         VALUES ('webhook-log-cleanup', '{}', 'failed', 0) RETURNING id::text AS id`,
      );
      return {
        url: `/api/admin/jobs/webhook-log-cleanup/${id}/retry`,
        applied: () =>
          absent(t, "SELECT 1 FROM pgboss.job WHERE id = $1 AND state = 'failed'", [id]),
      };
    },
    expect: administratorOnly(204),
  },
  // Media: the owner is the uploader.
  {
    route: 'POST /api/media',
    arrange: async (t) => ({
      url: '/api/media',
      attach: { field: 'file', data: await makeImage(32, 24, 'png'), filename: 'dot.png' },
      applied: (caller) =>
        exists(t, 'SELECT 1 FROM media WHERE uploader_id = $1', [caller.user?.id ?? 0]),
    }),
    expect: signedIn({ 'another user': 201, owner: 201, administrator: 201 }),
  },
  {
    route: 'DELETE /api/media/:id',
    arrange: async (t, owner) => {
      const uploaded = await attach(t.as(owner.token), await makeImage(32, 24, 'png'));
      const id = (uploaded.body as { media: { id: string } }).media.id;
      return {
        url: `/api/media/${id}`,
        applied: () => absent(t, 'SELECT 1 FROM media WHERE public_id = $1', [id]),
      };
    },
    expect: editorsOr(204, [403, { media: ['forbidden'] }], 204),
  },
];
