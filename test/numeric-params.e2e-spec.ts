import { authHeader, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

/** Numbers past what a column holds: a 422 naming the parameter, or a 404 for an id no row can have. */
describe('paging and ids past the integer range', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const admin = useRegisteredUser(t, { superuser: true });
  let slug: string;

  beforeAll(async () => {
    slug = (await createArticle(t, admin.token)).slug;
  });

  const HUGE = ['99999999999999999999', '9223372036854775808', '2147483648'];

  it.each(HUGE)('offset=%s on the article lists is a 422 naming offset', async (offset) => {
    for (const path of ['/api/articles', '/api/articles/feed']) {
      const response = await t
        .http()
        .get(path)
        .query({ offset })
        .set(...authHeader(admin.token))
        .expect(422);
      expect(response.body).toEqual({ errors: { offset: ['must be at most 2147483647'] } });
    }
  });

  it('the largest offset answers an empty page', async () => {
    const response = await t
      .http()
      .get('/api/articles')
      .query({ offset: '2147483647' })
      .expect(200);
    expect(response.body).toEqual({
      articles: [],
      articlesCount: 1,
      articlesCountIsExact: true,
      nextCursor: null,
    });
  });

  it.each([
    ['offset', '1e30', 'must be a whole number'],
    ['offset', '99999999999999999999', 'must be at most 2147483647'],
    ['offset', '-1', 'must not be negative'],
    ['limit', '0x10', 'must be a whole number'],
    ['limit', '1e1', 'must be a whole number'],
    ['limit', '0', 'must be at least 1'],
    ['limit', '101', 'must be at most 100'],
  ])('admin users %s=%s is a 422 like the article lists', async (name, value, message) => {
    const response = await t
      .http()
      .get('/api/admin/users')
      .query({ [name]: value })
      .set(...authHeader(admin.token))
      .expect(422);
    expect(response.body).toEqual({ errors: { [name]: [message] } });
    const articles = await t
      .http()
      .get('/api/articles')
      .query({ [name]: value })
      .expect(422);
    expect(articles.body).toEqual(response.body);
  });

  it('admin users pages with limit and offset', async () => {
    const response = await t
      .http()
      .get('/api/admin/users')
      .query({ limit: '1', offset: '0' })
      .set(...authHeader(admin.token))
      .expect(200);
    expect(response.body.users).toHaveLength(1);
  });

  it.each(['99999999999999999999', '2147483648', '0', '-1', '1.5', '1e3', '0x1', ' 1'])(
    'comment id %j is a 404 comment not found',
    async (id) => {
      const response = await t
        .as(admin.token)
        .delete(`/api/articles/${slug}/comments/${encodeURIComponent(id)}`)
        .expect(404);
      expect(response.body).toEqual({ errors: { comment: ['not found'] } });
    },
  );

  it.each(['99999999999999999999', '2147483648', '0', '1e3'])(
    'admin user id %j is a 404 user not found on every method',
    async (id) => {
      const path = `/api/admin/users/${id}`;
      const answers = [
        await t.as(admin.token).get(path),
        await t
          .as(admin.token)
          .patch(path)
          .send({ user: { isVerified: true } }),
        await t.as(admin.token).delete(path),
      ];
      for (const answer of answers) {
        expect(answer.status).toBe(404);
        expect(answer.body).toEqual({ errors: { user: ['not found'] } });
      }
    },
  );
});
