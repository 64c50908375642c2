import { registerUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, CreatedArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('article lists: filters, pagination, feed', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);
  const jane = useRegisteredUser(t);
  let jakes: CreatedArticle[];
  let janes: CreatedArticle[];

  beforeAll(async () => {
    jakes = [];
    janes = [];
    for (let i = 0; i < 3; i++) jakes.push(await createArticle(t, jake.token, { tagList: ['jk'] }));
    for (let i = 0; i < 2; i++) janes.push(await createArticle(t, jane.token, { tagList: ['jn'] }));
  });

  const slugs = (body: { articles: { slug: string }[] }) => body.articles.map((a) => a.slug);

  it('lists published articles newest first, without bodies, with the total count', async () => {
    const response = await t.http().get('/api/articles').expect(200);
    expect(response.body.articlesCount).toBe(5);
    expect(slugs(response.body)).toEqual(
      [...jakes, ...janes].map((article) => article.slug).reverse(),
    );
    for (const article of response.body.articles) expect(article).not.toHaveProperty('body');
  });

  it('filters by author, tag and favorited; an unknown name matches nothing', async () => {
    const byAuthor = await t.http().get(`/api/articles?author=${jane.username}`).expect(200);
    expect(slugs(byAuthor.body)).toEqual(janes.map((a) => a.slug).reverse());
    const byTag = await t.http().get('/api/articles?tag=jk').expect(200);
    expect(byTag.body.articlesCount).toBe(3);
    await t.as(jane.token).post(`/api/articles/${jakes[0].slug}/favorite`).expect(200);
    const favorited = await t.http().get(`/api/articles?favorited=${jane.username}`).expect(200);
    expect(slugs(favorited.body)).toEqual([jakes[0].slug]);
    const both = await t.http().get(`/api/articles?favorited=${jane.username}&tag=jn`).expect(200);
    expect(both.body).toEqual({
      articles: [],
      articlesCount: 0,
      articlesCountIsExact: true,
      nextCursor: null,
    });
    const nobody = await t.http().get('/api/articles?author=nobody-at-all').expect(200);
    expect(nobody.body).toEqual({
      articles: [],
      articlesCount: 0,
      articlesCountIsExact: true,
      nextCursor: null,
    });
  });

  it('takes an empty filter for no filter, as clients that send every key mean it', async () => {
    const all = await t.http().get('/api/articles').expect(200);
    const empty = await t
      .http()
      .get('/api/articles?tag=&author=&favorited=&category=&q=&status=&cursor=&limit=20')
      .expect(200);
    expect(empty.body).toEqual(all.body);
    const withAuthor = await t.http().get(`/api/articles?author=${jane.username}&tag=`).expect(200);
    expect(slugs(withAuthor.body)).toEqual(janes.map((a) => a.slug).reverse());
  });

  it('shows the reader their favorites and follows', async () => {
    await t.as(jane.token).post(`/api/profiles/${jake.username}/follow`).expect(200);
    const response = await t
      .as(jane.token)
      .get(`/api/articles?author=${jake.username}`)
      .expect(200);
    const first = (response.body.articles as CreatedArticle[]).find(
      (a) => a.slug === jakes[0].slug,
    );
    expect(first?.favorited).toBe(true);
    expect(first?.favoritesCount).toBe(1);
    expect(first?.author.following).toBe(true);
    const anonymous = await t.http().get(`/api/articles?author=${jake.username}`).expect(200);
    expect((anonymous.body.articles as { favorited: boolean }[]).every((a) => !a.favorited)).toBe(
      true,
    );
  });

  it('pages with limit and offset, the count staying the total', async () => {
    const page = await t.http().get('/api/articles?limit=2&offset=1').expect(200);
    expect(page.body.articlesCount).toBe(5);
    expect(slugs(page.body)).toEqual([janes[0].slug, jakes[2].slug]);
    const beyond = await t.http().get('/api/articles?offset=50').expect(200);
    expect(beyond.body).toEqual({
      articles: [],
      articlesCount: 5,
      articlesCountIsExact: true,
      nextCursor: null,
    });
    await t.http().get('/api/articles?limit=100').expect(200);
  });

  it.each([
    ['limit=abc', 'limit', 'must be a whole number'],
    ['limit=2.5', 'limit', 'must be a whole number'],
    ['limit=1.5', 'limit', 'must be a whole number'],
    ['limit=1e1', 'limit', 'must be a whole number'],
    ['limit=-1', 'limit', 'must be at least 1'],
    ['limit=0', 'limit', 'must be at least 1'],
    ['limit=101', 'limit', 'must be at most 100'],
    ['limit=99999999999999999999', 'limit', 'must be at most 100'],
    ['offset=-3', 'offset', 'must not be negative'],
    ['offset=-1', 'offset', 'must not be negative'],
    ['offset=', 'offset', 'must be a whole number'],
    ['offset=x', 'offset', 'must be a whole number'],
    ['sort=title', 'sort', 'is not allowed'],
    // One message for the field; its wording is the validator's own.
    ['status=deleted', 'status', expect.any(String)],
    ['tag=a&tag=b', 'tag', 'must be a single value, not a list'],
    ['limit=1&limit=2', 'limit', 'must be a single value, not a list'],
    ['offset=0&offset=20', 'offset', 'must be a single value, not a list'],
  ])('rejects %s with a 422 naming %s and why', async (query, field, message) => {
    const response = await t.http().get(`/api/articles?${query}`).expect(422);
    expect(response.body.errors).toEqual({ [field]: [message] });
  });

  it('validates the feed pagination too', async () => {
    await t.as(jane.token).get('/api/articles/feed?limit=500').expect(422);
  });

  it('the feed has the followed authors\u2019 published articles, newest first', async () => {
    const reader = await registerUser(t);
    const empty = await t.as(reader.token).get('/api/articles/feed').expect(200);
    expect(empty.body).toEqual({
      articles: [],
      articlesCount: 0,
      articlesCountIsExact: true,
      nextCursor: null,
    });
    await t.as(reader.token).post(`/api/profiles/${jane.username}/follow`).expect(200);
    await createArticle(t, jane.token, { status: 'draft' });
    const feed = await t.as(reader.token).get('/api/articles/feed?limit=1').expect(200);
    expect(feed.body.articlesCount).toBe(2);
    expect(slugs(feed.body)).toEqual([janes[1].slug]);
    expect(feed.body.articles[0].author.following).toBe(true);
    await t.http().get('/api/articles/feed').expect(401);
  });
});
