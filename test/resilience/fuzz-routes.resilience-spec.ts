import fc from 'fast-check';
import { authHeader, makeSuperuser, registerUser } from '../support/auth-factory';
import {
  anyValue,
  hostileString,
  pathSegment,
  queryString,
  rawBody,
  shapedBody,
} from '../support/fuzz-arbitraries';
import { createArticle, createCategory, FAST_AUTH_ENV } from '../support/posts-factory';
import { pick, report } from '../support/resilience-mode';
import { createTestApp, TestApp } from '../support/test-app';

/** Every status a route documents; anything else (a 5xx above all) is a finding. */
const DOCUMENTED = new Set([200, 201, 204, 400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 429]);
/** What must never reach a client: stack frames, driver and SQL text, file paths. */
const LEAK =
  /(\bat \S+ \(|node_modules|\.ts:\d+|QueryFailed|TypeORM|syntax error|SELECT\s.+\sFROM|INSERT INTO|duplicate key|violates|ECONNREFUSED|Error:)/i;

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

describe('fuzzing every route', () => {
  let t: TestApp;
  let seeds: { slug: string; username: string; commentId: number; category: string };
  let tokens: string[];

  beforeAll(async () => {
    t = await createTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'silent' });
    const owner = await registerUser(t);
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    const article = await createArticle(t, owner.token, { tagList: ['seed'] });
    const comment = await t
      .http()
      .post(`/api/articles/${article.slug}/comments`)
      .set(...authHeader(owner.token))
      .send({ comment: { body: 'seed comment' } });
    const category = await createCategory(t, admin.token);
    seeds = {
      slug: article.slug,
      username: owner.username,
      commentId: comment.body.comment.id as number,
      category: category.slug,
    };
    tokens = [owner.token, admin.token];
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers random and hostile requests with documented 2xx/4xx only, in the API error shape', async () => {
    const slug = fc.oneof(fc.constant(seeds.slug), pathSegment);
    const username = fc.oneof(fc.constant(seeds.username), pathSegment);
    const commentId = fc.oneof(fc.constant(String(seeds.commentId)), pathSegment);
    const category = fc.oneof(fc.constant(seeds.category), pathSegment);
    // Admin ids far from the fuzzers' own users, so the run cannot lock itself out.
    const userId = fc.oneof(fc.integer({ min: 1000, max: 2 ** 31 + 5 }).map(String), pathSegment);
    const text = fc.string({ maxLength: 60 });
    const article = shapedBody('article', {
      title: text,
      description: text,
      body: text,
      tagList: fc.array(text, { maxLength: 4 }),
      status: fc.constantFrom('draft', 'published'),
      category: fc.constant(seeds.category),
    });
    const user = shapedBody('user', {
      username: text,
      email: fc.emailAddress(),
      password: text,
      bio: text,
      image: fc.webUrl(),
    });
    const none = fc.constant(undefined);
    const routes: [string, fc.Arbitrary<string>, fc.Arbitrary<unknown>][] = [
      ['GET', queryString.map((q) => `/api/articles${q}`), none],
      ['GET', queryString.map((q) => `/api/articles/feed${q}`), none],
      ['GET', slug.map((s) => `/api/articles/${s}`), none],
      ['POST', fc.constant('/api/articles'), article],
      ['PUT', slug.map((s) => `/api/articles/${s}`), article],
      ['DELETE', slug.map((s) => `/api/articles/${s}`), none],
      ['POST', slug.map((s) => `/api/articles/${s}/favorite`), none],
      ['DELETE', slug.map((s) => `/api/articles/${s}/favorite`), none],
      ['GET', slug.map((s) => `/api/articles/${s}/comments`), none],
      [
        'POST',
        slug.map((s) => `/api/articles/${s}/comments`),
        shapedBody('comment', { body: text }),
      ],
      [
        'DELETE',
        fc.tuple(slug, commentId).map(([s, c]) => `/api/articles/${s}/comments/${c}`),
        none,
      ],
      ['GET', fc.constant('/api/tags'), none],
      ['GET', fc.constant('/api/categories'), none],
      [
        'POST',
        fc.constant('/api/categories'),
        shapedBody('category', { name: text, description: text }),
      ],
      ['PUT', category.map((c) => `/api/categories/${c}`), shapedBody('category', { name: text })],
      ['DELETE', category.map((c) => `/api/categories/${c}`), none],
      ['POST', fc.constant('/api/users'), user],
      [
        'POST',
        fc.constant('/api/users/login'),
        shapedBody('user', { email: fc.emailAddress(), password: text }),
      ],
      ['GET', fc.constant('/api/user'), none],
      [
        'PUT',
        fc.constant('/api/user'),
        shapedBody('user', { bio: text, image: fc.webUrl(), username: text }),
      ],
      ['GET', username.map((u) => `/api/profiles/${u}`), none],
      ['POST', username.map((u) => `/api/profiles/${u}/follow`), none],
      ['DELETE', username.map((u) => `/api/profiles/${u}/follow`), none],
      ['GET', queryString.map((q) => `/api/admin/users${q}`), none],
      ['GET', userId.map((id) => `/api/admin/users/${id}`), none],
      [
        'PATCH',
        userId.map((id) => `/api/admin/users/${id}`),
        shapedBody('user', { isActive: fc.boolean(), isSuperuser: fc.boolean() }),
      ],
      ['DELETE', userId.map((id) => `/api/admin/users/${id}`), none],
      [
        'POST',
        fc.constant('/api/auth/verify/request'),
        shapedBody('user', { email: fc.emailAddress() }),
      ],
      ['POST', fc.constant('/api/auth/verify'), fc.record({ token: anyValue })],
      [
        'POST',
        fc.constant('/api/auth/forgot-password'),
        fc.record({ user: fc.record({ email: anyValue }) }),
      ],
      [
        'POST',
        fc.constant('/api/auth/reset-password'),
        fc.record({ token: anyValue, password: anyValue }),
      ],
      ['GET', fc.constant('/db-status'), none],
      ['GET', fc.constant('/health/ready'), none],
      ['GET', pathSegment.map((s) => `/api/${s}`), none],
    ];
    const authorization = fc.oneof(
      fc.constantFrom(...tokens).map((token) => authHeader(token)[1]),
      fc.constant(undefined),
      fc.constantFrom(
        'Token ',
        'Bearer x y',
        'Basic dXNlcjpwYXNz',
        'Token \u0000',
        `Token ${'a'.repeat(5000)}`,
      ),
      hostileString.map((s) => `Token ${s.slice(0, 200).replace(/[\r\n]/g, '')}`),
    );
    const contentType = fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'multipart/form-data',
        ),
      },
    );
    const requests: fc.Arbitrary<FuzzRequest> = fc
      .constantFrom(...routes)
      .chain(([method, url, body]) =>
        fc.record({
          method: fc.constant(method),
          url,
          auth: authorization,
          type: contentType,
          payload: body === none ? fc.option(rawBody(anyValue), { freq: 6 }) : rawBody(body),
        }),
      )
      .map(({ method, url, auth, type, payload }) => ({
        method,
        url,
        payload: payload ?? undefined,
        headers: {
          ...(auth === undefined ? {} : { authorization: auth }),
          ...(payload === undefined || payload === null ? {} : { 'content-type': type }),
        },
      }));

    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const numRuns = Number(process.env.FUZZ_RUNS ?? pick(10_000, 40_000));
    const fastify = t.app.getHttpAdapter().getInstance();
    const findings = new Map<string, string>();
    const byStatus = new Map<number, number>();
    let sent = 0;
    process.stdout.write(
      `[resilience] fuzz: seed=${seed} runs=${numRuns} (FUZZ_SEED=${seed} replays it)\n`,
    );
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const response = await fastify.inject({
          method: request.method as 'GET',
          url: request.url,
          headers: request.headers,
          payload: request.payload,
        });
        sent++;
        byStatus.set(response.statusCode, (byStatus.get(response.statusCode) ?? 0) + 1);
        const problem = judge(request.url, response.statusCode, response.body, response.headers);
        if (problem) {
          const route = `${request.method} ${request.url.split('?')[0].replace(/\/[^/]{25,}/g, '/…')}`;
          const key = `${route} → ${response.statusCode} ${problem}`;
          if (!findings.has(key)) {
            findings.set(
              key,
              `${JSON.stringify(request).slice(0, 400)} ⇒ ${response.body.slice(0, 300)}`,
            );
          }
        }
        return true;
      }),
      { numRuns, seed, endOnFailure: true },
    );
    report('fuzz', {
      requests: sent,
      seed,
      status5xx: [...byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0),
      findings: findings.size,
      statuses: [...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}:${c}`)
        .join(','),
    });
    expect(sent).toBeGreaterThanOrEqual(numRuns);
    expect([...findings].map(([key, example]) => `${key}\n    ${example}`)).toEqual([]);
  });
});

function judge(
  url: string,
  status: number,
  body: string,
  headers: Record<string, unknown>,
): string | undefined {
  if (!DOCUMENTED.has(status)) return 'undocumented status';
  // `/api/..` is `/`: the web site's page, when the site is built.
  const path = new URL(url, 'http://folio.test').pathname;
  if (
    status === 200 &&
    !path.startsWith('/api/') &&
    String(headers['content-type']).startsWith('text/html')
  ) {
    return undefined;
  }
  for (const value of Object.values(headers)) {
    if (/[<>]/.test(String(value))) return 'markup in a header';
  }
  if (status === 204) return body === '' ? undefined : '204 with a body';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'body is not JSON';
  }
  if (status < 400) return undefined;
  const errors = (parsed as { errors?: unknown }).errors;
  const shaped =
    typeof errors === 'object' &&
    errors !== null &&
    Object.keys(parsed as object).length === 1 &&
    Object.values(errors).every((m) => Array.isArray(m) && m.every((x) => typeof x === 'string'));
  if (!shaped) return 'error not in the API shape';
  if (LEAK.test(body)) return 'leaks internals';
  return undefined;
}
