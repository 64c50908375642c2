import { registerUser, RegisteredUser } from './support/auth-factory';
import { auth, createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { recordStatements } from './support/sql-recorder';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every list endpoint runs a fixed number of statements whatever the page size: the same count for a
 * page of 2 as for a page of 24 rows, each by a different author with tags, favorites and comments.
 */
describe('list endpoints run a constant number of SQL statements', () => {
  let t: TestApp;
  let reader: RegisteredUser;
  let slug: string;
  let firstSlug: string;
  const ROWS = 24;

  beforeAll(async () => {
    t = await createTestApp(FAST_AUTH_ENV);
    reader = await registerUser(t);
    for (let i = 0; i < ROWS; i++) {
      const author = await registerUser(t);
      const article = await createArticle(t, author.token, { tagList: [`t${i}`, 'common'] });
      slug = article.slug;
      firstSlug ??= article.slug;
      await t
        .http()
        .post(`/api/profiles/${author.username}/follow`)
        .set(...auth(reader.token))
        .expect(200);
      await t
        .http()
        .post(`/api/articles/${article.slug}/favorite`)
        .set(...auth(reader.token))
        .expect(200);
      await t
        .http()
        .post(`/api/articles/${slug}/comments`)
        .set(...auth(author.token))
        .send({ comment: { body: `comment ${i}` } })
        .expect(201);
    }
    // The last article gets three more comments, by three more authors.
    const commenters = await Promise.all([registerUser(t), registerUser(t), registerUser(t)]);
    for (const commenter of commenters) {
      await t
        .http()
        .post(`/api/articles/${slug}/comments`)
        .set(...auth(commenter.token))
        .send({ comment: { body: 'more' } })
        .expect(201);
    }
  });

  afterAll(async () => {
    await t.close();
  });

  const count = async (url: string, expectedRows: number) => {
    const { result, statements } = await recordStatements(() =>
      t
        .http()
        .get(url)
        .set(...auth(reader.token)),
    );
    expect(result.status).toBe(200);
    const body = result.body as Record<string, unknown[]>;
    const rows = body.articles ?? body.comments ?? body.tags ?? body.categories;
    expect(rows).toHaveLength(expectedRows);
    return statements;
  };

  it.each([
    ['/api/articles', ''],
    ['/api/articles', '&tag=common'],
    ['/api/articles', '&favorited=READER'],
    ['/api/articles', '&q=article'],
    ['/api/articles/feed', ''],
  ])('%s?limit=..%s', async (path, filter) => {
    const query = filter.replace('READER', reader.username);
    const small = await count(`${path}?limit=2${query}`, 2);
    const large = await count(`${path}?limit=${ROWS}${query}`, ROWS);
    expect(large).toHaveLength(small.length);
    expect(large.length).toBeLessThanOrEqual(8);
  });

  it('comments of an article', async () => {
    const statements = await count(`/api/articles/${slug}/comments`, 4);
    const fewer = await count(`/api/articles/${firstSlug}/comments`, 1);
    expect(fewer).toHaveLength(statements.length);
    expect(statements.length).toBeLessThanOrEqual(6);
  });

  it('tags and categories are one statement each (anonymous reader)', async () => {
    const tags = await recordStatements(() => t.http().get('/api/tags'));
    expect(tags.result.body.tags).toHaveLength(ROWS + 1);
    expect(tags.statements).toHaveLength(1);
    const categories = await recordStatements(() => t.http().get('/api/categories'));
    expect(categories.result.status).toBe(200);
    expect(categories.statements).toHaveLength(1);
  });
});
