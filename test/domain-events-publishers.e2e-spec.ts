import { EventEmitter2 } from '@nestjs/event-emitter';
import { authHeader, registerUser, RegisteredUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { createTestApp, TestApp } from './support/test-app';

/**
 * What the posts and comments modules publish, seen as another module would see it: through the app's
 * event emitter, after each request's transaction has committed, and nothing for a refused write.
 */
describe('domain events published by accounts, posts and comments', () => {
  let t: TestApp;
  let author: RegisteredUser;
  let other: RegisteredUser;
  let events: { name: string; payload: Record<string, unknown> }[] = [];

  beforeAll(async () => {
    t = await createTestApp(FAST_AUTH_ENV);
    t.app.get(EventEmitter2).onAny((name, payload) => {
      // The in-transaction emissions (webhooks subscribe to them) are tested in domain-events.e2e-spec.
      if (String(name).startsWith('in-transaction:')) return;
      events.push({ name: String(name), payload: payload as Record<string, unknown> });
    });
    author = await registerUser(t);
    other = await registerUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  beforeEach(() => {
    events = [];
  });

  const as = (user: RegisteredUser) => authHeader(user.token);
  const names = () => events.map((event) => event.name);

  async function create(status: 'published' | 'draft'): Promise<{ slug: string; id: number }> {
    const response = await t
      .http()
      .post('/api/articles')
      .set(...as(author))
      .send({ article: { title: `Evented ${status}`, description: 'd', body: 'b', status } })
      .expect(201);
    const slug = (response.body as { article: { slug: string } }).article.slug;
    const rows = await t.dataSource.query<{ id: number }[]>(
      'SELECT id FROM articles WHERE slug = $1',
      [slug],
    );
    return { slug, id: rows[0].id };
  }

  it('a registration publishes user.registered; a refused one (taken username) publishes nothing', async () => {
    const user = await registerUser(t);
    expect(events).toEqual([
      { name: 'user.registered', payload: { userId: user.id, username: user.username } },
    ]);
    events = [];
    const again = { username: user.username, email: 'x-' + user.email, password: user.password };
    await t.http().post('/api/users').send({ user: again }).expect(409);
    expect(events).toEqual([]);
  });

  it('creating a published article publishes article.published with its ids; a draft publishes nothing', async () => {
    const published = await create('published');
    expect(events).toEqual([
      {
        name: 'article.published',
        payload: {
          articleId: published.id,
          slug: published.slug,
          authorId: author.id,
          status: 'published',
        },
      },
    ]);
    events = [];
    await create('draft');
    expect(events).toEqual([]);
  });

  it('edits publish article.updated, and a change of status article.published or article.unpublished', async () => {
    const draft = await create('draft');
    const edit = (article: Record<string, unknown>) =>
      t
        .http()
        .put(`/api/articles/${draft.slug}`)
        .set(...as(author))
        .send({ article })
        .expect(200);
    await edit({ body: 'edited' });
    expect(names()).toEqual(['article.updated']);
    events = [];
    await edit({ status: 'published' });
    expect(names()).toEqual(['article.updated', 'article.published']);
    expect(events[1].payload).toEqual({
      articleId: draft.id,
      slug: draft.slug,
      authorId: author.id,
      status: 'published',
    });
    events = [];
    await edit({ status: 'draft' });
    expect(names()).toEqual(['article.updated', 'article.unpublished']);
  });

  it('a save that changes nothing publishes nothing', async () => {
    const article = await create('published');
    const url = `/api/articles/${article.slug}`;
    const current = await t.http().get(url).expect(200);
    const { title, description, body, tagList, status } = current.body.article as Record<
      string,
      unknown
    >;
    events = [];
    await t
      .http()
      .put(url)
      .set(...as(author))
      .send({ article: { title, description, body, tagList, status } })
      .expect(200);
    expect(events).toEqual([]);
  });

  it('a refused write publishes nothing: an edit by another user, a delete of a missing article', async () => {
    const article = await create('published');
    events = [];
    await t
      .http()
      .put(`/api/articles/${article.slug}`)
      .set(...as(other))
      .send({ article: { body: 'taken over' } })
      .expect(403);
    await t
      .http()
      .delete('/api/articles/no-such-article')
      .set(...as(author))
      .expect(404);
    expect(events).toEqual([]);
  });

  it('comments publish comment.created and comment.deleted; deleting the article publishes article.deleted', async () => {
    const article = await create('published');
    events = [];
    const created = await t
      .http()
      .post(`/api/articles/${article.slug}/comments`)
      .set(...as(other))
      .send({ comment: { body: 'hello' } })
      .expect(201);
    const commentId = (created.body as { comment: { id: number } }).comment.id;
    const comment = { commentId, articleSlug: article.slug, authorId: other.id };
    expect(events).toEqual([{ name: 'comment.created', payload: comment }]);
    events = [];
    await t
      .http()
      .delete(`/api/articles/${article.slug}/comments/${commentId}`)
      .set(...as(other))
      .expect(204);
    expect(events).toEqual([{ name: 'comment.deleted', payload: comment }]);
    events = [];
    await t
      .http()
      .delete(`/api/articles/${article.slug}`)
      .set(...as(author))
      .expect(204);
    expect(events).toEqual([
      {
        name: 'article.deleted',
        payload: {
          articleId: article.id,
          slug: article.slug,
          authorId: author.id,
          status: 'published',
        },
      },
    ]);
  });
  it('static pages publish page.published, page.updated, page.unpublished and page.deleted', async () => {
    const editor = await registerUser(t);
    await t.dataSource.query(`UPDATE users SET role = 'editor' WHERE id = $1`, [editor.id]);
    events = [];
    const send = (method: 'post' | 'put' | 'delete', path: string, page?: object) =>
      t
        .http()
        [method](path)
        .set(...as(editor))
        .send(page ? { page } : undefined);
    await send('post', '/api/pages', { title: 'Draft page', body: 'b' }).expect(201);
    // A draft is news to nobody.
    expect(events).toEqual([]);
    await send('put', '/api/pages/draft-page', { status: 'published' }).expect(200);
    const [{ id }] = await t.dataSource.query<{ id: number }[]>(
      `SELECT id FROM static_pages WHERE slug = 'draft-page'`,
    );
    const event = { pageId: id, slug: 'draft-page', status: 'published' };
    expect(events).toEqual([
      {
        name: 'page.updated',
        payload: { ...event, previous: { slug: 'draft-page', status: 'draft' } },
      },
      { name: 'page.published', payload: event },
    ]);
    events = [];
    // Refused (a blank body on a published page): nothing.
    await send('put', '/api/pages/draft-page', { body: ' ' }).expect(422);
    await send('put', '/api/pages/draft-page', { status: 'draft' }).expect(200);
    expect(names()).toEqual(['page.updated', 'page.unpublished']);
    events = [];
    await send('delete', '/api/pages/draft-page').expect(204);
    expect(events).toEqual([
      { name: 'page.deleted', payload: { pageId: id, slug: 'draft-page', status: 'draft' } },
    ]);
  });
});
