import { makeSuperuser, registerUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('comments', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t);
  const reader = useRegisteredUser(t);

  const comment = (slug: string, token: string, body: string) =>
    t.as(token).post(`/api/articles/${slug}/comments`).send({ comment: { body } });

  it('adds and lists comments oldest first, in the RealWorld shape', async () => {
    const article = await createArticle(t, writer.token);
    const created = await comment(article.slug, reader.token, 'first').expect(201);
    expect(created.body.comment).toEqual({
      id: expect.any(Number),
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
      body: 'first',
      author: { username: reader.username, bio: null, image: null, following: false },
    });
    await comment(article.slug, writer.token, 'second').expect(201);
    const list = await t.http().get(`/api/articles/${article.slug}/comments`).expect(200);
    expect((list.body.comments as { body: string }[]).map((c) => c.body)).toEqual([
      'first',
      'second',
    ]);
  });

  it('validates the body and the article', async () => {
    const article = await createArticle(t, writer.token);
    const blank = await comment(article.slug, reader.token, '').expect(422);
    expect(blank.body).toEqual({ errors: { body: ["can't be blank"] } });
    // A body without its wrapper, or with another thing in it, in the RealWorld words.
    const url = `/api/articles/${article.slug}/comments`;
    await t
      .as(reader.token)
      .post(url)
      .send({})
      .expect(422, { errors: { comment: ["can't be blank"] } });
    await t
      .as(reader.token)
      .post(url)
      .send({ comment: 'text' })
      .expect(422, { errors: { comment: ['is invalid'] } });
    await t
      .as(writer.token)
      .post('/api/articles')
      .send({})
      .expect(422, { errors: { article: ["can't be blank"] } });
    const missing = await comment('no-such-article', reader.token, 'x').expect(404);
    expect(missing.body).toEqual({ errors: { article: ['not found'] } });
    await t.http().get('/api/articles/no-such-article/comments').expect(404);
    await t
      .http()
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'x' } })
      .expect(401);
  });

  it('authors delete their own comments; others get 403; superusers delete any', async () => {
    const article = await createArticle(t, writer.token);
    const mine = await comment(article.slug, reader.token, 'mine').expect(201);
    const url = `/api/articles/${article.slug}/comments/${mine.body.comment.id}`;
    const stranger = await registerUser(t);
    const forbidden = await t.as(stranger.token).delete(url).expect(403);
    expect(forbidden.body).toEqual({ errors: { comment: ['forbidden'] } });
    await t.as(reader.token).delete(url).expect(204);
    await t.as(reader.token).delete(url).expect(404);

    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    const other = await comment(article.slug, reader.token, 'moderated').expect(201);
    await t
      .as(admin.token)
      .delete(`/api/articles/${article.slug}/comments/${other.body.comment.id}`)
      .expect(204);
    const list = await t.http().get(`/api/articles/${article.slug}/comments`).expect(200);
    expect(list.body.comments).toEqual([]);
  });

  it("an article's author deletes any comment on it, and no comment on another's article", async () => {
    const article = await createArticle(t, writer.token);
    const rude = await comment(article.slug, reader.token, 'rude').expect(201);
    await t
      .as(writer.token)
      .delete(`/api/articles/${article.slug}/comments/${rude.body.comment.id}`)
      .expect(204);
    const list = await t.http().get(`/api/articles/${article.slug}/comments`).expect(200);
    expect(list.body.comments).toEqual([]);

    // On the reader's own article the writer is nobody special: the reader's comment stays.
    const theirs = await createArticle(t, reader.token);
    const own = await comment(theirs.slug, reader.token, 'on my own article').expect(201);
    await t
      .as(writer.token)
      .delete(`/api/articles/${theirs.slug}/comments/${own.body.comment.id}`)
      .expect(403, { errors: { comment: ['forbidden'] } });
  });

  it('a comment id on another article, or not a number, is a 404', async () => {
    const one = await createArticle(t, writer.token);
    const two = await createArticle(t, writer.token);
    const created = await comment(one.slug, writer.token, 'here').expect(201);
    const elsewhere = await t
      .as(writer.token)
      .delete(`/api/articles/${two.slug}/comments/${created.body.comment.id}`)
      .expect(404);
    expect(elsewhere.body).toEqual({ errors: { comment: ['not found'] } });
    await t.as(writer.token).delete(`/api/articles/${one.slug}/comments/abc`).expect(404);
  });

  it('deleting an article deletes its comments', async () => {
    const article = await createArticle(t, writer.token);
    await comment(article.slug, reader.token, 'gone soon').expect(201);
    await t.as(writer.token).delete(`/api/articles/${article.slug}`).expect(204);
    const [{ count }] = await t.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM comments WHERE body = 'gone soon'`,
    );
    expect(count).toBe(0);
  });
});
