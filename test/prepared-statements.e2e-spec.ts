import { registerUser } from './support/auth-factory';
import { auth, createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { createTestApp, TestApp } from './support/test-app';

/** The statements PostgreSQL holds prepared on the app's one connection, by their text. */
async function preparedOnServer(t: TestApp): Promise<string[]> {
  const rows = await t.dataSource.query<{ statement: string }[]>(
    `SELECT statement FROM pg_prepared_statements WHERE name LIKE 'folio\\_%' ORDER BY statement`,
  );
  return rows.map((row) => row.statement.replace(/\s+/g, ' '));
}

/**
 * The hottest reads (one article, its comments, the tags, the token check) are prepared once per
 * connection and then only bound and run; answers stay right when a second value reuses the plan.
 * One pooled connection, so the statements the requests prepared are the ones the check reads.
 */
describe('prepared statements', () => {
  describe('on (the default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ ...FAST_AUTH_ENV, DATABASE_POOL_SIZE: '1' });
    });
    afterAll(() => t.close());

    it('prepares the one-article, comments, tags and token statements, and answers each value rightly', async () => {
      const writer = await registerUser(t);
      const reader = await registerUser(t);
      const first = await createArticle(t, writer.token, { title: 'First of two' });
      const second = await createArticle(t, writer.token, { title: 'Second of two' });
      await t
        .as(reader.token)
        .post(`/api/articles/${second.slug}/comments`)
        .send({ comment: { body: 'On the second' } })
        .expect(201);
      // Past PostgreSQL's five custom plans, so a kept generic plan serves the last reads.
      for (let i = 0; i < 7; i++) {
        await t.http().get(`/api/articles/${first.slug}`).expect(200);
        await t.as(reader.token).get(`/api/articles/${first.slug}/comments`).expect(200);
      }
      const article = await t.http().get(`/api/articles/${second.slug}`).expect(200);
      expect(article.body.article).toMatchObject({ slug: second.slug, title: 'Second of two' });
      const comments = await t
        .http()
        .get(`/api/articles/${second.slug}/comments`)
        .set(...auth(reader.token))
        .expect(200);
      const bodies = (comments.body as { comments: { body: string }[] }).comments.map(
        (c) => c.body,
      );
      expect(bodies).toEqual(['On the second']);
      await t.http().get('/api/tags').expect(200);

      const prepared = await preparedOnServer(t);
      expect(prepared.some((s) => s.includes('FROM articles a') && s.includes('a.slug = $'))).toBe(
        true,
      );
      expect(prepared.some((s) => s.includes('FROM comments c'))).toBe(true);
      expect(prepared.some((s) => s.includes('FROM tags t'))).toBe(true);
      expect(prepared.some((s) => s.includes('WHERE t.token_hash = $1'))).toBe(true);
    });
  });

  describe('off (DATABASE_PREPARED_STATEMENTS=false)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        ...FAST_AUTH_ENV,
        DATABASE_POOL_SIZE: '1',
        DATABASE_PREPARED_STATEMENTS: 'false',
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('sends every statement unnamed, as PgBouncer before 1.21 needs', async () => {
      const writer = await registerUser(t);
      const article = await createArticle(t, writer.token);
      await t.as(writer.token).get(`/api/articles/${article.slug}`).expect(200);
      await t.http().get('/api/tags').expect(200);
      expect(await preparedOnServer(t)).toEqual([]);
    });
  });
});
