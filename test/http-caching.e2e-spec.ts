import type { Response } from 'supertest';
import { HTTP_CACHE_ROUTES } from '../src/http-cache-routes';
import { useRegisteredUser } from './support/auth-factory';
import { createArticle, CreatedArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';

const PUBLIC = 'public, max-age=0, s-maxage=10';
const FEED = 'public, max-age=300, stale-while-revalidate=30';
const SITEMAP = 'public, max-age=3600, stale-while-revalidate=30';
const PRIVATE = 'private, no-cache';
/** A strong tag: quoted, no W/ prefix. */
const STRONG_ETAG = /^"[\w-]+"$/;

/** A GET as a RealWorld client sends it: JSON asked for, and a JSON Content-Type even without a body. */
function read(t: TestApp, path: string, headers: Record<string, string> = {}) {
  return t
    .http()
    .get(path)
    .set({ Accept: 'application/json', 'Content-Type': 'application/json', ...headers });
}

function varies(response: Response): string[] {
  const vary = (response.headers.vary as string | undefined) ?? '';
  return vary.split(',').map((name) => name.trim().toLowerCase());
}

describe('HTTP caching of reads', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t);
  const reader = useRegisteredUser(t);
  const admin = useRegisteredUser(t, { superuser: true });
  let article: CreatedArticle;

  beforeAll(async () => {
    article = await createArticle(t, writer.token, { tagList: ['caching'] });
    await t
      .as(admin.token)
      .post('/api/pages')
      .send({ page: { title: 'About', body: 'Us.', status: 'published' } })
      .expect(201);
  });

  it('gives a GET a strong ETag, and the same GET with it a 304 without a body', async () => {
    const path = `/api/articles/${article.slug}`;
    const first = await read(t, path).expect(200);
    expect(first.headers.etag).toMatch(STRONG_ETAG);
    // Repeated, the same bytes give the same tag.
    expect((await read(t, path).expect(200)).headers.etag).toBe(first.headers.etag);

    const again = await read(t, path, { 'If-None-Match': first.headers.etag }).expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers['content-length']).toBeUndefined();
    // A 304 carries what a cache must update its copy with (RFC 9110 15.4.5).
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['cache-control']).toBe(PUBLIC);
    expect(varies(again)).toContain('authorization');
  });

  it('changes the ETag after a write: the old one gets 200 and the new body', async () => {
    const own = await createArticle(t, writer.token);
    const path = `/api/articles/${own.slug}`;
    const before = await read(t, path).expect(200);
    await t
      .as(writer.token)
      .put(path)
      .send({ article: { description: 'Edited description' } })
      .expect(200);
    const after = await read(t, path, { 'If-None-Match': before.headers.etag }).expect(200);
    expect(after.body.article.description).toBe('Edited description');
    expect(after.headers.etag).toMatch(STRONG_ETAG);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    await read(t, path, { 'If-None-Match': after.headers.etag }).expect(304);

    const comments = `${path}/comments`;
    const empty = await read(t, comments).expect(200);
    await read(t, comments, { 'If-None-Match': empty.headers.etag }).expect(304);
    await t
      .as(reader.token)
      .post(comments)
      .send({ comment: { body: 'First!' } })
      .expect(201);
    const listed = await read(t, comments, { 'If-None-Match': empty.headers.etag }).expect(200);
    const bodies = (listed.body as { comments: { body: string }[] }).comments.map((c) => c.body);
    expect(bodies).toEqual(['First!']);
    expect(listed.headers.etag).not.toBe(empty.headers.etag);
  });

  it('marks anonymous public reads public for the configured max-age, varying on Authorization', async () => {
    const cases: [string, string][] = [
      ['/api/articles', PUBLIC],
      ['/api/articles?tag=caching&limit=5', PUBLIC],
      [`/api/articles/${article.slug}`, PUBLIC],
      [`/api/articles/${article.slug}/comments`, PUBLIC],
      ['/api/tags', PUBLIC],
      ['/api/categories', PUBLIC],
      ['/api/pages', PUBLIC],
      ['/api/pages/about', PUBLIC],
      [`/api/profiles/${writer.username}`, PUBLIC],
      ['/api/site', PUBLIC],
      ['/rss.xml', FEED],
      [`/profile/${writer.username}/atom.xml`, FEED],
      ['/tag/caching/feed.json', FEED],
      ['/sitemap.xml', SITEMAP],
      ['/sitemap-pages.xml', SITEMAP],
      ['/sitemap-articles-1.xml', SITEMAP],
      ['/robots.txt', SITEMAP],
    ];
    for (const [path, cacheControl] of cases) {
      const response = await read(t, path);
      expect([path, response.status, response.headers['cache-control']]).toEqual([
        path,
        200,
        cacheControl,
      ]);
      expect([path, varies(response)]).toEqual([path, expect.arrayContaining(['authorization'])]);
      // A sitemap child is streamed as it is read: it has no validator (its lastmod dates serve).
      if (path !== '/sitemap-articles-1.xml')
        expect([path, response.headers.etag]).toEqual([path, expect.stringMatching(STRONG_ETAG)]);
    }
  });

  it('marks the same reads with a token private, and revalidates them', async () => {
    const token = { Authorization: `Token ${reader.token}` };
    for (const path of [
      '/api/articles',
      `/api/articles/${article.slug}`,
      `/api/articles/${article.slug}/comments`,
      '/api/tags',
      `/api/profiles/${writer.username}`,
      '/api/articles/feed',
      '/rss.xml',
    ]) {
      const response = await read(t, path, token);
      expect([path, response.status, response.headers['cache-control']]).toEqual([
        path,
        200,
        PRIVATE,
      ]);
      expect([path, varies(response)]).toEqual([path, expect.arrayContaining(['authorization'])]);
      const again = await read(t, path, { ...token, 'If-None-Match': response.headers.etag });
      expect([path, again.status]).toEqual([path, 304]);
    }
    // The guard ignores a bad token on a public read, but a cache cannot know it is bad.
    const invalid = await read(t, '/api/tags', { Authorization: 'Token not-a-token' }).expect(200);
    expect(invalid.headers['cache-control']).toBe(PRIVATE);
  });

  it('gives a reader with a token their own answer and ETag, never the anonymous one’s', async () => {
    await t.as(reader.token).post(`/api/articles/${article.slug}/favorite`).expect(200);
    const path = `/api/articles/${article.slug}`;
    const anonymous = await read(t, path).expect(200);
    const signedIn = await read(t, path, {
      Authorization: `Token ${reader.token}`,
      'If-None-Match': anonymous.headers.etag,
    }).expect(200);
    expect(signedIn.body.article.favorited).toBe(true);
    expect(anonymous.body.article.favorited).toBe(false);
  });

  it('keeps writes and errors nowhere, and gives them no ETag', async () => {
    const as = t.as(writer.token);
    const created = await as
      .post('/api/articles')
      .send({ article: { title: 'Cached?', description: 'd', body: 'b' } })
      .expect(201);
    const slug = created.body.article.slug as string;
    const writes = [
      created,
      await as
        .put(`/api/articles/${slug}`)
        .send({ article: { body: 'b2' } })
        .expect(200),
      await t
        .as(reader.token)
        .post(`/api/articles/${slug}/favorite`)
        .set('Content-Type', 'application/json')
        .expect(200),
      await as.delete(`/api/articles/${slug}`).expect(204),
    ];
    const errors = [
      await read(t, '/api/articles/no-such-article').expect(404),
      await read(t, '/api/articles?limit=many').expect(422),
      await read(t, '/api/user').expect(401),
      await read(t, '/profile/nobody-at-all/rss.xml').expect(404),
      await read(t, '/sitemap-articles-999.xml').expect(404),
      await read(t, '/api/no/such/route').expect(404),
    ];
    for (const response of [...writes, ...errors]) {
      const what = `${response.status} ${JSON.stringify(response.body)}`;
      expect([what, response.headers['cache-control'], response.headers.etag]).toEqual([
        what,
        'no-store',
        undefined,
      ]);
    }
  });

  it('keeps account, admin and probe reads nowhere', async () => {
    const token = { Authorization: `Token ${reader.token}` };
    for (const [path, headers] of [
      ['/api/user', token],
      ['/api/admin/users', { Authorization: `Token ${admin.token}` }],
      ['/health/live', {}],
      ['/health/ready', {}],
      ['/db-status', {}],
    ] as const) {
      const response = await read(t, path, headers);
      expect([
        path,
        response.status,
        response.headers['cache-control'],
        response.headers.etag,
      ]).toEqual([path, 200, 'no-store', undefined]);
    }
  });

  it('answers HEAD with the headers of the GET and no body, and 304 to a current copy', async () => {
    const path = `/api/articles/${article.slug}`;
    const get = await read(t, path).expect(200);
    const head = await t.http().head(path).expect(200);
    expect(head.text ?? '').toBe('');
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.headers['cache-control']).toBe(PUBLIC);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(get.text)));
    await t.http().head(path).set('If-None-Match', get.headers.etag).expect(304);
  });

  it('compares If-None-Match weakly, takes a list and *, and sends the answer for anything else', async () => {
    const path = `/api/articles/${article.slug}/comments`;
    const { etag } = (await read(t, path).expect(200)).headers as { etag: string };
    for (const header of [`W/${etag}`, `"x", ${etag}`, `W/"y",W/${etag}`, '*']) {
      const response = await read(t, path, { 'If-None-Match': header });
      expect([header, response.status]).toEqual([header, 304]);
    }
    for (const header of ['"x"', etag.slice(1, -1), `"${etag}"`, `W/"x", "y"`]) {
      const response = await read(t, path, { 'If-None-Match': header });
      expect([header, response.status]).toEqual([header, 200]);
    }
  });

  it('lists only routes the app serves as GETs', () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const missing = [...HTTP_CACHE_ROUTES.keys()].filter(
      (url) => !fastify.hasRoute({ method: 'GET', url }),
    );
    expect(missing).toEqual([]);
  });
});

describe('HTTP caching settings', () => {
  const t = useTestApp({
    ...FAST_AUTH_ENV,
    HTTP_CACHE_MAX_AGE: '120',
    HTTP_CACHE_STALE_WHILE_REVALIDATE: '0',
    HTTP_CACHE_FEED_MAX_AGE: '0',
    HTTP_CACHE_SITEMAP_MAX_AGE: '600',
  });

  it('takes max-age and stale-while-revalidate from the settings; 0 turns public caching off', async () => {
    const cases: [string, string][] = [
      ['/api/tags', 'public, max-age=0, s-maxage=120'],
      ['/rss.xml', 'no-cache'],
      ['/robots.txt', 'public, max-age=600'],
    ];
    for (const [path, cacheControl] of cases) {
      const response = await read(t, path).expect(200);
      expect([path, response.headers['cache-control']]).toEqual([path, cacheControl]);
      // Validators stay: a copy kept with no-cache is still revalidated with a 304.
      await read(t, path, { 'If-None-Match': response.headers.etag }).expect(304);
    }
  });
});
