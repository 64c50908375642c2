import { registerUser, useRegisteredUser } from './support/auth-factory';
import { walkCursor } from './support/cursor-walk';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';

type ListBody = {
  articles: { slug: string }[];
  articlesCount: number;
  articlesCountIsExact: boolean;
  nextCursor: string | null;
};

/** Every page of `path` by cursor, `limit` at a time; `between` runs after each page (concurrent writers). */
async function walk(
  t: TestApp,
  path: string,
  options: { token?: string; limit?: number; between?: () => Promise<unknown> } = {},
): Promise<{ slugs: string[]; pages: ListBody[] }> {
  const join = path.includes('?') ? '&' : '?';
  const pages = await walkCursor(
    async (cursor) => {
      const url = `${path}${join}limit=${options.limit ?? 3}${cursor ? `&cursor=${cursor}` : ''}`;
      const agent = options.token ? t.as(options.token) : t.http();
      // As one public RealWorld client sends every request: with a JSON content type, even a GET.
      const response = await agent.get(url).set('Content-Type', 'application/json').expect(200);
      return response.body as ListBody;
    },
    options.between,
    200,
  );
  return { slugs: pages.flatMap((page) => page.articles.map((article) => article.slug)), pages };
}

/** The whole list in one page, by offset: the order a walk must reproduce. */
async function whole(t: TestApp, path: string, token?: string): Promise<string[]> {
  const join = path.includes('?') ? '&' : '?';
  const agent = token ? t.as(token) : t.http();
  const response = await agent.get(`${path}${join}limit=100`).expect(200);
  return (response.body as ListBody).articles.map((article) => article.slug);
}

describe('article lists by cursor', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const ann = useRegisteredUser(t);
  const bob = useRegisteredUser(t);
  const reader = useRegisteredUser(t);

  beforeAll(async () => {
    for (let i = 0; i < 9; i++) {
      await createArticle(t, i % 2 ? ann.token : bob.token, {
        title: `Walking cursor ${i}`,
        tagList: i % 3 ? ['walk'] : ['walk', 'third'],
      });
    }
    for (let i = 0; i < 6; i++) {
      await createArticle(t, ann.token, { title: `Draft ${i}`, status: 'draft' });
    }
    // Publication times that differ only in microseconds, and ties: a cursor must keep both apart.
    await t.dataSource.query(
      `UPDATE articles SET published_at = '2026-01-01T00:00:00Z'::timestamptz + (id % 3) * interval '1 microsecond'
       WHERE status = 'published' AND title LIKE 'Walking cursor%' AND id % 2 = 0`,
    );
    await t.as(reader.token).post(`/api/profiles/${ann.username}/follow`).expect(200);
  });

  it.each([
    ['all', '/api/articles'],
    ['by tag', '/api/articles?tag=walk'],
    ['by author', `/api/articles?author=ANN`],
    ['search, best match first', '/api/articles?q=walking%20cursor'],
  ])('%s: every article once, in the order one big page gives', async (_name, template) => {
    const path = template.replace('ANN', ann.username);
    const expected = await whole(t, path);
    expect(expected.length).toBeGreaterThan(3);
    const { slugs, pages } = await walk(t, path);
    expect(slugs).toEqual(expected);
    expect(pages[pages.length - 1].nextCursor).toBeNull();
    for (const page of pages) expect(page.articlesCount).toBe(expected.length);
  });

  it('the feed and a reader’s own drafts (ordered by id: drafts have no date) walk the same way', async () => {
    const feed = await walk(t, '/api/articles/feed', { token: reader.token, limit: 2 });
    expect(feed.slugs).toEqual(await whole(t, '/api/articles/feed', reader.token));
    const drafts = '/api/articles?author=me&status=draft';
    const walked = await walk(t, drafts, { token: ann.token });
    expect(walked.slugs).toHaveLength(6);
    expect(walked.slugs).toEqual(await whole(t, drafts, ann.token));
  });

  it('articles published while a reader walks neither repeat nor push others out', async () => {
    const before = await whole(t, '/api/articles');
    let n = 0;
    const { slugs } = await walk(t, '/api/articles', {
      limit: 2,
      between: () => createArticle(t, bob.token, { title: `Meanwhile ${n++}` }),
    });
    expect(n).toBeGreaterThan(3);
    // Newer than the walk's start: before its position, so never met.
    expect(slugs).toEqual(before);
  });

  it('a cursor costs the same at any depth: the statement never skips rows', async () => {
    const first = await t.http().get('/api/articles?limit=2').expect(200);
    const deep = await t
      .http()
      .get(`/api/articles?limit=2&cursor=${first.body.nextCursor as string}`)
      .expect(200);
    expect(deep.body.articles).toHaveLength(2);
    // The page after a cursor is the rows after its key, not an OFFSET past the earlier rows.
    const offset = await t.http().get('/api/articles?limit=2&offset=2').expect(200);
    expect(deep.body.articles).toEqual(offset.body.articles);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['not JSON', Buffer.from('{{').toString('base64url')],
    ['the wrong shape', Buffer.from('[1,2,3,4]').toString('base64url')],
    ['a bad time', Buffer.from('["2026-13-45T99:00:00.000000Z",1]').toString('base64url')],
    [
      'a day the month lacks',
      Buffer.from('["2026-02-30T00:00:00.000000Z",1]').toString('base64url'),
    ],
    ['a draft list’s cursor', Buffer.from('[null,5]').toString('base64url')],
    [
      'an id past any row',
      Buffer.from('["2026-01-01T00:00:00.000000Z",4294967296]').toString('base64url'),
    ],
    [
      'a year PostgreSQL lacks',
      Buffer.from('["0000-01-01T00:00:00.000000Z",5]').toString('base64url'),
    ],
    ['too long', 'A'.repeat(2000)],
  ])('a cursor that is %s is a 422 naming it', async (_name, cursor) => {
    const response = await t
      .http()
      .get(`/api/articles?cursor=${encodeURIComponent(cursor)}`)
      .expect(422);
    expect(response.body).toEqual({ errors: { cursor: [expect.any(String)] } });
  });

  it.each([
    ['a rank no real holds', 1e39],
    ['a rank that a real rounds to zero', 1e-320],
  ])('a search cursor with %s is a 422 naming the cursor', async (_name, rank) => {
    const at = '2026-12-06T10:55:50.189652Z';
    const cursor = Buffer.from(JSON.stringify([rank, at, 8, at])).toString('base64url');
    const response = await t.http().get(`/api/articles?q=walking&cursor=${cursor}`).expect(422);
    expect(response.body).toEqual({ errors: { cursor: ['is invalid'] } });
  });

  it('a search’s first page is the same answer until something is published; a cursor from before asOf still reads', async () => {
    const path = '/api/articles?q=walking%20cursor&limit=2';
    const first = await t.http().get(path).expect(200);
    const again = await t.http().get(path).set('If-None-Match', first.headers.etag);
    expect(again.status).toBe(304);
    // [rank, publishedAt, id], as cursors were written before they carried asOf.
    const key = JSON.parse(
      Buffer.from(first.body.nextCursor as string, 'base64url').toString(),
    ) as unknown[];
    expect(key).toHaveLength(4);
    const older = Buffer.from(JSON.stringify(key.slice(0, 3))).toString('base64url');
    const next = await t.http().get(`${path}&cursor=${older}`).expect(200);
    const current = await t
      .http()
      .get(`${path}&cursor=${first.body.nextCursor as string}`)
      .expect(200);
    expect(next.body.articles).toEqual(current.body.articles);
  });

  it('a cursor with an offset is a 422: one start only', async () => {
    const first = await t.http().get('/api/articles?limit=2').expect(200);
    const response = await t
      .http()
      .get(`/api/articles?limit=2&offset=4&cursor=${first.body.nextCursor as string}`)
      .expect(422);
    expect(response.body).toEqual({ errors: { offset: ['cannot be combined with cursor'] } });
  });
});

describe('counts without a counter stop at 10,000', () => {
  const t = useTestApp(FAST_AUTH_ENV);

  it('a search matching more ranks the newest 10,000 and says articlesCountIsExact: false; a kept count stays exact', async () => {
    const author = await registerUser(t);
    await t.dataSource.query(
      `INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
       SELECT 'many-' || i, 'Plentiful article ' || i, 'd', 'b', 'published',
              now() - i * interval '1 second', $1
       FROM generate_series(1, 10005) i`,
      [author.id],
    );
    const search = await t.http().get('/api/articles?q=plentiful&limit=1').expect(200);
    expect(search.body).toMatchObject({ articlesCount: 10000, articlesCountIsExact: false });
    const all = await t.http().get('/api/articles?limit=1').expect(200);
    expect(all.body).toMatchObject({ articlesCount: 10005, articlesCountIsExact: true });
    const narrow = await t.http().get('/api/articles?q=plentiful%2010005&limit=1').expect(200);
    expect(narrow.body.articlesCountIsExact).toBe(true);
    expect(narrow.body.articlesCount).toBeLessThan(10000);
    // The oldest match is past the newest 10,000 a broad search ranks; a narrower query finds it.
    expect(narrow.body.articles[0].slug).toBe('many-10005');
    const broad = await walk(t, '/api/articles?q=plentiful', { limit: 100 });
    expect(broad.slugs).toHaveLength(10000);
    expect(broad.slugs).not.toContain('many-10005');
  });

  it('matches published while a reader walks a broad search neither repeat nor push others out of it', async () => {
    const author = await registerUser(t);
    const publish = (from: number, to: number) =>
      t.dataSource.query(
        `INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
         SELECT 'crowded-' || i, 'Crowded article ' || i, 'd', 'b', 'published',
                CASE WHEN i > 10005 THEN now() ELSE now() - (20000 - i) * interval '1 second' END, $1
         FROM generate_series($2::int, $3::int) i`,
        [author.id, from, to],
      );
    await publish(1, 10005);
    const first = await t.http().get('/api/articles?q=crowded&limit=1').expect(200);
    expect(first.body.articlesCountIsExact).toBe(false);
    // Each new match is the newest: it would push the oldest of the newest 10,000 out of the ranking.
    let next = 10006;
    const walked = await walk(t, '/api/articles?q=crowded', {
      limit: 100,
      between: () => publish(next, (next += 5) - 1),
    });
    expect(next).toBeGreaterThan(10006);
    // Each of the newest 10,000 when the walk began (crowded-6 to crowded-10005) once.
    expect(new Set(walked.slugs).size).toBe(walked.slugs.length);
    expect(walked.slugs).toHaveLength(10000);
    const number = (slug: string) => Number(slug.slice('crowded-'.length));
    expect(walked.slugs.filter((slug) => number(slug) < 6 || number(slug) > 10005)).toEqual([]);
  });
});
