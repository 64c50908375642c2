import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';
import { RECENT_SEARCH_MIN_MATCHES } from '../src/modules/posts/article-list.query';
import { RecentSearchService } from '../src/modules/posts/recent-search.service';

describe('full-text search (?q=)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);

  const search = async (query: string) => {
    const response = await t.http().get(`/api/articles?${query}`).expect(200);
    return (response.body.articles as { title: string }[]).map((a) => a.title);
  };

  it('matches Russian word forms', async () => {
    await createArticle(t, jake.token, {
      title: 'Программирование',
      body: 'Мы пишем статьи о котах',
    });
    await createArticle(t, jake.token, { title: 'Другое', body: 'Ничего общего' });
    expect(await search(`q=${encodeURIComponent('статья')}`)).toEqual(['Программирование']);
    expect(await search(`q=${encodeURIComponent('кот')}`)).toEqual(['Программирование']);
  });

  it('matches English word forms', async () => {
    await createArticle(t, jake.token, { title: 'Running fast', body: 'about runners' });
    expect(await search('q=run')).toEqual(['Running fast']);
  });

  it('ranks title matches above body matches', async () => {
    await createArticle(t, jake.token, { title: 'Notes', body: 'a paragraph on gardening' });
    await createArticle(t, jake.token, { title: 'Gardening', body: 'plants' });
    expect(await search('q=gardening')).toEqual(['Gardening', 'Notes']);
  });

  it('combines with the other filters and counts matches only', async () => {
    await createArticle(t, jake.token, { title: 'Volcano one', tagList: ['geo'] });
    await createArticle(t, jake.token, { title: 'Volcano two', tagList: ['fun'] });
    const response = await t.http().get('/api/articles?q=volcano&tag=geo').expect(200);
    expect(response.body.articlesCount).toBe(1);
    expect(response.body.articles[0].title).toBe('Volcano one');
    expect(await search('q=volcano&limit=1&offset=1')).toHaveLength(1);
  });

  it('a query of only stop words or symbols finds nothing and never fails', async () => {
    expect(await search('q=the')).toEqual([]);
    expect(await search(`q=${encodeURIComponent('!!! & | ( "')}`)).toEqual([]);
  });
});

describe("search's recent tier (a broad search ranks the newest published articles' matches)", () => {
  // The tier keeps the newest 200 published articles, which is also how many matches it needs.
  const t = useTestApp({
    ...FAST_AUTH_ENV,
    SEARCH_RECENT_ARTICLES: String(RECENT_SEARCH_MIN_MATCHES),
  });
  const jake = useRegisteredUser(t);

  const search = async (q: string) => {
    const response = await t.http().get(`/api/articles?q=${q}&limit=3`).expect(200);
    return response.body as {
      articles: { title: string }[];
      articlesCount: number;
      articlesCountIsExact: boolean;
    };
  };
  const inTier = async (slug: string) => {
    const rows: { recent: boolean }[] = await t.dataSource.query(
      'SELECT search_recent AS recent FROM articles WHERE slug = $1',
      [slug],
    );
    return rows[0].recent;
  };

  it('ranks the tier when it holds enough matches, the whole index otherwise, and the job trims it', async () => {
    // The best match for "comet", published first and then dated years back (as an import would).
    const old = await createArticle(t, jake.token, {
      title: 'Comet comet comet',
      body: 'comet',
    });
    expect(await inTier(old.slug)).toBe(true);
    await t.dataSource.query(
      `UPDATE articles SET published_at = '2020-01-01T00:00:00Z' WHERE slug = $1`,
      [old.slug],
    );
    // Then exactly the tier's size of newer matches, and a draft that matches too.
    await t.dataSource.query(
      `INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
       SELECT 'comet-' || n, 'Comet ' || n, 'sky', 'a comet', 'published',
              now() - n * interval '1 minute', u.id
         FROM generate_series(1, $1::int) n, users u WHERE u.username = $2`,
      [RECENT_SEARCH_MIN_MATCHES, jake.username],
    );
    const draft = await createArticle(t, jake.token, { title: 'Comet draft', status: 'draft' });
    expect(await inTier(draft.slug)).toBe(false);

    // Every published match is in the tier (the job has not run): all ranked, "at least" this many.
    let found = await search('comet');
    expect(found.articles[0].title).toBe('Comet comet comet');
    expect(found.articlesCount).toBe(RECENT_SEARCH_MIN_MATCHES + 1);
    expect(found.articlesCountIsExact).toBe(false);

    // The job takes the old article out: the tier still holds enough, so the best match is not ranked.
    const tier = t.app.get(RecentSearchService);
    expect(await tier.keepTier()).toEqual({ trimmed: 1, added: 0 });
    expect(await tier.keepTier()).toEqual({ trimmed: 0, added: 0 });
    expect(await inTier(old.slug)).toBe(false);
    found = await search('comet');
    expect(found.articles[0].title).not.toBe('Comet comet comet');
    expect(found.articlesCount).toBe(RECENT_SEARCH_MIN_MATCHES);
    expect(found.articlesCountIsExact).toBe(false);

    // One recent match unpublished: the tier holds too few, so every match is ranked and counted.
    const unpublished = await t
      .as(jake.token)
      .put('/api/articles/comet-1')
      .send({ article: { status: 'draft' } });
    expect(unpublished.status).toBe(200);
    expect(await inTier('comet-1')).toBe(false);
    found = await search('comet');
    expect(found.articles[0].title).toBe('Comet comet comet');
    expect(found.articlesCount).toBe(RECENT_SEARCH_MIN_MATCHES);
    expect(found.articlesCountIsExact).toBe(true);

    // Published again, it joins the tier again.
    await t
      .as(jake.token)
      .put('/api/articles/comet-1')
      .send({ article: { status: 'published' } });
    expect(await inTier('comet-1')).toBe(true);
  });

  it('the job fills the tier back when rows came in without its trigger (a restore, an import)', async () => {
    // As a data-only restore with triggers off leaves it: no article in the tier.
    await t.dataSource.query('UPDATE articles SET search_recent = false');
    const newest = async () => {
      const rows: { slug: string }[] = await t.dataSource.query(
        `SELECT slug FROM articles WHERE status = 'published'
         ORDER BY published_at DESC, id DESC LIMIT $1`,
        [RECENT_SEARCH_MIN_MATCHES],
      );
      return rows.map((row) => row.slug).sort();
    };
    const tiered = async () => {
      const rows: { slug: string }[] = await t.dataSource.query(
        'SELECT slug FROM articles WHERE search_recent',
      );
      return rows.map((row) => row.slug).sort();
    };
    const tier = t.app.get(RecentSearchService);
    expect(await tier.keepTier()).toEqual({ trimmed: 0, added: RECENT_SEARCH_MIN_MATCHES });
    expect(await tiered()).toEqual(await newest());
    expect(await tier.keepTier()).toEqual({ trimmed: 0, added: 0 });
    // The tier answers again: "at least" this many.
    const found = await search('comet');
    expect(found.articlesCountIsExact).toBe(false);
  });
});
