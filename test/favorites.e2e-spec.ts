import { makeSuperuser, registerUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('favorites', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t);

  const storedCount = async (slug: string) => {
    const [row] = await t.dataSource.query(
      `SELECT a.favorites_count AS counter, (SELECT COUNT(*)::int FROM favorites f WHERE f.article_id = a.id) AS rows
       FROM articles a WHERE a.slug = $1`,
      [slug],
    );
    return row as { counter: number; rows: number };
  };

  it('favorite and unfavorite are idempotent and show the reader state', async () => {
    const article = await createArticle(t, writer.token);
    const url = `/api/articles/${article.slug}/favorite`;
    for (let i = 0; i < 2; i++) {
      const response = await t.as(writer.token).post(url).expect(200);
      expect(response.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
    }
    for (let i = 0; i < 2; i++) {
      const response = await t.as(writer.token).delete(url).expect(200);
      expect(response.body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
    }
    expect(await storedCount(article.slug)).toEqual({ counter: 0, rows: 0 });
  });

  it('does not move updatedAt', async () => {
    const article = await createArticle(t, writer.token);
    const response = await t
      .as(writer.token)
      .post(`/api/articles/${article.slug}/favorite`)
      .expect(200);
    expect(response.body.article.updatedAt).toBe(article.updatedAt);
  });

  it('counts stay exact under concurrent favorites and unfavorites', async () => {
    const article = await createArticle(t, writer.token);
    const url = `/api/articles/${article.slug}/favorite`;
    const readers = await Promise.all(Array.from({ length: 8 }, () => registerUser(t)));
    // Every reader favorites twice and unfavorites once, all at the same time.
    const answers = await Promise.all(
      readers.flatMap((reader) => [
        t.as(reader.token).post(url),
        t.as(reader.token).post(url),
        t.as(reader.token).delete(url),
      ]),
    );
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    const { counter, rows } = await storedCount(article.slug);
    expect(counter).toBe(rows);
    await Promise.all(readers.map((reader) => t.as(reader.token).post(url)));
    expect(await storedCount(article.slug)).toEqual({ counter: 8, rows: 8 });
    const response = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(response.body.article.favoritesCount).toBe(8);
  });

  it('counts stay exact when a user who favorited is deleted', async () => {
    const article = await createArticle(t, writer.token);
    const [fan, admin] = await Promise.all([registerUser(t), registerUser(t)]);
    await makeSuperuser(t, admin.id);
    await t.as(fan.token).post(`/api/articles/${article.slug}/favorite`).expect(200);
    await t.as(admin.token).delete(`/api/admin/users/${fan.id}`).expect(204);
    expect(await storedCount(article.slug)).toEqual({ counter: 0, rows: 0 });
  });

  it('404s an unknown article and needs a token', async () => {
    const missing = await t.as(writer.token).post('/api/articles/nope/favorite').expect(404);
    expect(missing.body).toEqual({ errors: { article: ['not found'] } });
    await t.http().post('/api/articles/nope/favorite').expect(401);
  });
});
