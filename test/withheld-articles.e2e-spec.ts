import { EventEmitter2 } from '@nestjs/event-emitter';
import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { WithheldArticles1796495607287 } from '../migrations/1796495607287-WithheldArticles';
import { RegisteredUser, registerUser, setRole, useRegisteredUser } from './support/auth-factory';
import { createArticle, CreatedArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/**
 * A deactivated author's published articles are withheld (migration WithheldArticles): gone from every
 * list, count, feed and read of the JSON API, as from the pages; back, with their dates, on
 * reactivation. Seen as clients see it, and the triggers' locking seen from two connections.
 */
describe('withheld articles (a deactivated author)', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, JOBS_POLL_INTERVAL_SECONDS: '1' });
  const admin = useRegisteredUser(t, { superuser: true });
  const reader = useRegisteredUser(t);
  let events: { name: string; payload: Record<string, unknown> }[] = [];

  beforeAll(() => {
    t.app.get(EventEmitter2).onAny((name, payload) => {
      // In-transaction emissions are not for other modules; a deactivation also signs out (tested elsewhere).
      if (String(name).startsWith('in-transaction:') || name === 'user.sessions_revoked') return;
      events.push({ name: String(name), payload: payload as Record<string, unknown> });
    });
  });

  const setActive = (user: RegisteredUser, isActive: boolean) =>
    t.as(admin.token).patch(`/api/admin/users/${user.id}`).send({ user: { isActive } }).expect(200);

  /** The article's status as stored, by slug; through `runner` when given (its transaction's view). */
  const statusOf = async (slug: string, runner?: QueryRunner): Promise<string> => {
    const rows = (await (runner ?? t.dataSource).query(
      'SELECT status FROM articles WHERE slug = $1',
      [slug],
    )) as { status: string }[];
    return rows[0].status;
  };

  const articleIdOf = async (slug: string): Promise<number> => {
    const [row] = await t.dataSource.query<{ id: number }[]>(
      'SELECT id FROM articles WHERE slug = $1',
      [slug],
    );
    return row.id;
  };

  /** What a reader (anonymous, or `token`'s owner) gets from the lists that could show `slug`. */
  async function listed(slug: string, query: string, token?: string) {
    const request = token ? t.as(token) : t.http();
    const response = await request.get(`/api/articles?${query}`).expect(200);
    const body = response.body as { articles: { slug: string }[]; articlesCount: number };
    return {
      shown: body.articles.some((article) => article.slug === slug),
      count: body.articlesCount,
    };
  }

  it("takes the author's published articles out of every read, list and count, and back on reactivation", async () => {
    const author = await registerUser(t);
    const tag = `withheld${Date.now()}`;
    const article = await createArticle(t, author.token, { tagList: [tag] });
    const draft = await createArticle(t, author.token, { status: 'draft' });
    await t.as(reader.token).post(`/api/articles/${article.slug}/favorite`).expect(200);
    await t.as(reader.token).post(`/api/profiles/${author.username}/follow`).expect(200);
    await t
      .as(reader.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'Nice' } })
      .expect(201);

    const reads = async () => ({
      article: (await t.http().get(`/api/articles/${article.slug}`)).status,
      profile: (await t.http().get(`/api/profiles/${author.username}`)).status,
      comments: (await t.http().get(`/api/articles/${article.slug}/comments`)).status,
      byTag: await listed(article.slug, `tag=${tag}`),
      byAuthor: await listed(article.slug, `author=${author.username}`),
      favorited: await listed(article.slug, `favorited=${reader.username}`),
      everything: await listed(article.slug, 'limit=100'),
      feed: (
        (await t.as(reader.token).get('/api/articles/feed').expect(200)).body as {
          articles: { slug: string }[];
        }
      ).articles.some(({ slug }) => slug === article.slug),
      tags: (
        (await t.http().get('/api/tags').expect(200)).body as { tags: string[] }
      ).tags.includes(tag),
    });
    const visible = await reads();
    expect(visible).toEqual({
      article: 200,
      profile: 200,
      comments: 200,
      byTag: { shown: true, count: 1 },
      byAuthor: { shown: true, count: 1 },
      favorited: { shown: true, count: 1 },
      everything: { shown: true, count: expect.any(Number) },
      feed: true,
      tags: true,
    });

    await t
      .as(admin.token)
      .post('/api/admin/webhooks')
      .send({
        webhook: {
          url: 'https://hooks.example.com/folio',
          events: ['article.published', 'article.unpublished'],
        },
      })
      .expect(201);
    const deliveries = async () =>
      (
        await t.dataSource.query<{ event: string; body: string }[]>(
          'SELECT event, body FROM webhook_deliveries ORDER BY id',
        )
      )
        .filter(({ body }) => body.includes(`"slug":"${article.slug}"`))
        .map(({ event, body }) => ({
          event,
          status: (JSON.parse(body) as { data: { article: { status: string } } }).data.article
            .status,
        }));

    events = [];
    await setActive(author, false);
    const id = await articleIdOf(article.slug);
    // Each after the commit; in the order the publishers' transaction queued them.
    expect(events).toEqual([
      {
        name: 'article.unpublished',
        payload: { articleId: id, slug: article.slug, authorId: author.id, status: 'withheld' },
      },
      { name: 'user.deactivated', payload: { userId: author.id } },
    ]);
    expect(await reads()).toEqual({
      article: 404,
      profile: 404,
      comments: 404,
      byTag: { shown: false, count: 0 },
      byAuthor: { shown: false, count: 0 },
      favorited: { shown: false, count: 0 },
      everything: { shown: false, count: visible.everything.count - 1 },
      feed: false,
      tags: false,
    });
    // Nor can anyone follow them meanwhile.
    await t.as(admin.token).post(`/api/profiles/${author.username}/follow`).expect(404);
    // The draft stays a draft; the database keeps what was published, and when.
    const rows = await t.dataSource.query<{ slug: string; status: string }[]>(
      'SELECT slug, status FROM articles WHERE author_id = $1 ORDER BY id',
      [author.id],
    );
    expect(rows).toEqual([
      { slug: article.slug, status: 'withheld' },
      { slug: draft.slug, status: 'draft' },
    ]);

    events = [];
    await setActive(author, true);
    expect(events).toEqual([
      {
        name: 'article.published',
        payload: { articleId: id, slug: article.slug, authorId: author.id, status: 'published' },
      },
      { name: 'user.reactivated', payload: { userId: author.id } },
    ]);
    expect(await reads()).toEqual(visible);
    // Webhooks relay both, each delivery made in the change's transaction.
    expect(await deliveries()).toEqual([
      { event: 'article.unpublished', status: 'withheld' },
      { event: 'article.published', status: 'published' },
    ]);
    const again = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(again.body.article).toMatchObject({
      status: 'published',
      publishedAt: article.publishedAt,
      favoritesCount: 1,
    });
    // Setting the flag it already has tells nobody anything.
    events = [];
    await setActive(author, true);
    expect(events).toEqual([]);
  });

  it("hides a deactivated user's comments and favorites list on others' articles until reactivation", async () => {
    const commenter = await registerUser(t);
    const article = await createArticle(t, reader.token);
    await t.as(commenter.token).post(`/api/articles/${article.slug}/favorite`).expect(200);
    const theirFavorites = () => listed(article.slug, `favorited=${commenter.username}`);
    for (const body of ['Spam one', 'Spam two']) {
      await t
        .as(commenter.token)
        .post(`/api/articles/${article.slug}/comments`)
        .send({ comment: { body } })
        .expect(201);
    }
    await t
      .as(reader.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'Mine' } })
      .expect(201);
    const bodies = async (query = '') =>
      (
        (await t.http().get(`/api/articles/${article.slug}/comments${query}`).expect(200)).body as {
          comments: { body: string }[];
        }
      ).comments.map((comment) => comment.body);
    expect(await bodies()).toEqual(['Spam one', 'Spam two', 'Mine']);
    expect(await theirFavorites()).toEqual({ shown: true, count: 1 });
    await setActive(commenter, false);
    expect(await bodies()).toEqual(['Mine']);
    expect(await bodies('?limit=1')).toEqual(['Mine']);
    // Their profile is a 404: the list of what they favorited goes with it.
    expect(await theirFavorites()).toEqual({ shown: false, count: 0 });
    await setActive(commenter, true);
    expect(await bodies()).toEqual(['Spam one', 'Spam two', 'Mine']);
    expect(await theirFavorites()).toEqual({ shown: true, count: 1 });
  });

  it('shows editors a withheld article, which they may edit or take to the drafts but not publish', async () => {
    const author = await registerUser(t);
    const editor = await registerUser(t);
    await setRole(t, editor.id, 'editor');
    const article = await createArticle(t, author.token);
    await setActive(author, false);

    const seen = await t.as(editor.token).get(`/api/articles/${article.slug}`).expect(200);
    expect(seen.body.article.status).toBe('withheld');
    expect(
      await listed(article.slug, `status=withheld&author=${author.username}`, editor.token),
    ).toEqual({ shown: true, count: 1 });
    // Other readers see none, whatever they ask for.
    expect(
      await listed(article.slug, `status=withheld&author=${author.username}`, reader.token),
    ).toEqual({ shown: false, count: 0 });

    for (const [change, field] of [
      [{ status: 'published' }, 'status'],
      [{ publishAt: inSeconds(3600) }, 'publishAt'],
      [{ status: 'scheduled', publishAt: inSeconds(3600) }, 'publishAt'],
    ] as const) {
      const refused = await t
        .as(editor.token)
        .put(`/api/articles/${article.slug}`)
        .send({ article: change });
      expect(refused.status).toBe(409);
      expect(refused.body).toEqual({
        errors: { [field]: ['cannot be published while its author is deactivated'] },
      });
    }
    const asked = await t
      .as(editor.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { status: 'withheld' } });
    expect(asked.status).toBe(422);

    const edited = await t
      .as(editor.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { body: 'Moderated' } })
      .expect(200);
    expect(edited.body.article).toMatchObject({ status: 'withheld', body: 'Moderated' });
    const drafted = await t
      .as(editor.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { status: 'draft' } })
      .expect(200);
    expect(drafted.body.article).toMatchObject({ status: 'draft', publishedAt: null });
    // Reactivated, the author finds it among their drafts: an editor took it there.
    await setActive(author, true);
    expect(await statusOf(article.slug)).toBe('draft');
  });

  it('withholds a scheduled article that comes due while its author is deactivated, and tells no one it was published', async () => {
    const author = await registerUser(t);
    const scheduled: CreatedArticle = await createArticle(t, author.token, {
      publishAt: inSeconds(2),
    });
    expect(scheduled.status).toBe('scheduled');
    await setActive(author, false);
    events = [];
    await waitFor(
      'the scheduled article to come due',
      async () => (await statusOf(scheduled.slug)) === 'withheld',
      30_000,
    );
    expect(events.filter((event) => event.name === 'article.published')).toEqual([]);
    await t.http().get(`/api/articles/${scheduled.slug}`).expect(404);

    await setActive(author, true);
    const shown = await t.http().get(`/api/articles/${scheduled.slug}`).expect(200);
    expect(shown.body.article).toMatchObject({
      status: 'published',
      publishedAt: scheduled.publishedAt,
    });
  });

  it("reverts (migration WithheldArticles' down) with withheld articles: they are published again", async () => {
    const author = await registerUser(t);
    const article = await createArticle(t, author.token);
    await setActive(author, false);
    const runner = t.dataSource.createQueryRunner();
    const migration = new WithheldArticles1796495607287();
    // Each step in a transaction of its own, as the migration runner runs it.
    const migrate = async (step: 'down' | 'up') => {
      await runner.startTransaction();
      await migration[step](runner);
      await runner.commitTransaction();
    };
    try {
      await migrate('down');
      expect(await statusOf(article.slug, runner)).toBe('published');
      const [{ drifted }] = await runner.query('SELECT article_counts_rebuild() AS drifted');
      expect(drifted).toBe(0);
      await migrate('up');
      expect(await statusOf(article.slug, runner)).toBe('withheld');
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  describe('a publication and a deactivation at the same time', () => {
    let first: Client;
    let second: Client;

    beforeEach(async () => {
      first = new Client({ connectionString: t.database.url });
      second = new Client({ connectionString: t.database.url });
      await Promise.all([first.connect(), second.connect()]);
    });

    afterEach(async () => {
      await Promise.all([first.end(), second.end()]);
    });

    const publish = (client: Client, id: number) =>
      client.query(`UPDATE articles SET status = 'published', published_at = now() WHERE id = $1`, [
        id,
      ]);
    const deactivate = (client: Client, userId: number) =>
      client.query('UPDATE users SET is_active = false WHERE id = $1', [userId]);

    it.each([
      ['the deactivation commits first', 'deactivation'],
      ['the publication commits first', 'publication'],
    ] as const)('leaves the article withheld when %s', async (_case, firstWrite) => {
      const author = await registerUser(t);
      const draft = await createArticle(t, author.token, { status: 'draft' });
      const id = await articleIdOf(draft.slug);
      await first.query('BEGIN');
      if (firstWrite === 'deactivation') await deactivate(first, author.id);
      else await publish(first, id);
      // The other write waits for the first transaction's lock on the author's row.
      const waiting =
        firstWrite === 'deactivation' ? publish(second, id) : deactivate(second, author.id);
      let done = false;
      void waiting.then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(done).toBe(false);
      await first.query('COMMIT');
      await waiting;
      expect(await statusOf(draft.slug)).toBe('withheld');
    });
  });
});
