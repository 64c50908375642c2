import { useRegisteredUser } from './support/auth-factory';
import { createArticle, createCategory, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('categories', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const admin = useRegisteredUser(t, { superuser: true });
  const writer = useRegisteredUser(t);
  /** A new category sent as `token`'s user, or anonymously without one. */
  const postCategory = (category: object, token?: string) =>
    (token ? t.as(token) : t.http()).post('/api/categories').send({ category });
  const putCategory = (slug: string, category: object, token: string) =>
    t.as(token).put(`/api/categories/${slug}`).send({ category });

  it('superusers create categories with transliterated slugs; others get 403', async () => {
    const category = await createCategory(t, admin.token, 'Путешествия');
    expect(category).toEqual({
      slug: 'puteshestviya',
      name: 'Путешествия',
      description: null,
      articlesCount: 0,
    });
    await postCategory({ name: 'Mine' }, writer.token).expect(403);
    await postCategory({ name: 'Mine' }).expect(401);
    // Taken as it is, and in another case (the same slug): the name the client sent is named.
    for (const name of ['Путешествия', 'путешествия']) {
      await postCategory({ name }, admin.token).expect(409, {
        errors: { name: ['has already been taken'] },
      });
    }
  });

  it('articles carry a category, are filtered by it, and are counted', async () => {
    const tech = await createCategory(t, admin.token, 'Tech');
    const article = await createArticle(t, writer.token, { category: tech.slug });
    expect(article.category).toBe('tech');
    await createArticle(t, writer.token, { category: tech.slug, status: 'draft' });
    await createArticle(t, writer.token);
    const filtered = await t.http().get('/api/articles?category=tech').expect(200);
    expect(filtered.body.articlesCount).toBe(1);
    expect(filtered.body.articles[0].slug).toBe(article.slug);
    const list = await t.http().get('/api/categories').expect(200);
    expect(list.body.categories).toContainEqual(
      expect.objectContaining({ slug: 'tech', articlesCount: 1 }),
    );
  });

  it('an unknown category is a 422; null clears it on update', async () => {
    const response = await t
      .as(writer.token)
      .post('/api/articles')
      .send({ article: { title: 't', description: 'd', body: 'b', category: 'nope' } })
      .expect(422);
    expect(response.body).toEqual({ errors: { category: ['does not exist'] } });
    const cat = await createCategory(t, admin.token);
    const article = await createArticle(t, writer.token, { category: cat.slug });
    const cleared = await t
      .as(writer.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { category: null } })
      .expect(200);
    expect(cleared.body.article.category).toBeNull();
  });

  it('superusers rename and delete; articles survive without a category', async () => {
    const cat = await createCategory(t, admin.token, 'Old');
    const article = await createArticle(t, writer.token, { category: cat.slug });
    await putCategory('old', { name: 'New' }, writer.token).expect(403);
    const fresh = { name: 'New', description: 'Fresh' };
    const renamed = await putCategory('old', fresh, admin.token).expect(200);
    expect(renamed.body.category).toEqual({
      slug: 'new',
      name: 'New',
      description: 'Fresh',
      articlesCount: 1,
    });
    const moved = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(moved.body.article.category).toBe('new');
    await t.as(writer.token).delete('/api/categories/new').expect(403);
    await t.as(admin.token).delete('/api/categories/new').expect(204);
    await t.as(admin.token).delete('/api/categories/new').expect(404);
    const orphan = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(orphan.body.article.category).toBeNull();
  });
});
