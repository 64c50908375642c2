import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('article slugs', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);
  const updateArticle = (slug: string, article: object) =>
    t.as(jake.token).put(`/api/articles/${slug}`).send({ article });

  it('transliterates Cyrillic titles into readable Latin', async () => {
    const article = await createArticle(t, jake.token, { title: 'Привет, мир: щука и ёж' });
    expect(article.slug).toBe('privet-mir-shuka-i-yozh');
    await t.http().get(`/api/articles/${article.slug}`).expect(200);
  });

  it('suffixes the slug when the title is taken', async () => {
    const first = await createArticle(t, jake.token, { title: 'Same Title' });
    const second = await createArticle(t, jake.token, { title: 'Same Title' });
    expect(first.slug).toBe('same-title');
    expect(second.slug).toMatch(/^same-title-[0-9a-z]{6}$/);
  });

  it('gives concurrent creates with one title distinct slugs, all of them stored', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        t
          .as(jake.token)
          .post('/api/articles')
          .send({ article: { title: 'Race Title', description: 'd', body: 'b' } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const slugs = responses.map((response) => response.body.article.slug as string);
    expect(new Set(slugs).size).toBe(12);
    expect(slugs).toContain('race-title');
    const [{ count }] = await t.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM articles WHERE title = 'Race Title'`,
    );
    expect(count).toBe(12);
  });

  it('keeps the slug when only the body or description changes', async () => {
    const article = await createArticle(t, jake.token, { title: 'Stable Slug' });
    const response = await updateArticle(article.slug, {
      body: 'other',
      description: 'other',
      title: 'Stable Slug',
    }).expect(200);
    expect(response.body.article.slug).toBe(article.slug);
  });

  it('follows a new title, and the old slug is gone', async () => {
    const article = await createArticle(t, jake.token, { title: 'Old Name' });
    const response = await updateArticle(article.slug, { title: 'Новое имя' }).expect(200);
    expect(response.body.article.slug).toBe('novoe-imya');
    await t.http().get('/api/articles/novoe-imya').expect(200);
    await t.http().get(`/api/articles/${article.slug}`).expect(404);
  });

  it('a new title whose slug is taken gets a suffix', async () => {
    await createArticle(t, jake.token, { title: 'Taken Already' });
    const article = await createArticle(t, jake.token, { title: 'Something Else' });
    const response = await updateArticle(article.slug, { title: 'Taken Already' }).expect(200);
    expect(response.body.article.slug).toMatch(/^taken-already-[0-9a-z]{6}$/);
  });
});
