import type { Response } from 'supertest';
import { DatabaseNotifications } from '../libs/database/database-notifications';
import { AnswerCache, ANSWERS_CHANNEL } from '../src/common/http-cache/answer-cache';
import { registerUser, RegisteredUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, createCategory, FAST_AUTH_ENV } from './support/posts-factory';
import { recordStatements } from './support/sql-recorder';
import { buildApp, TestApp, testAppOf, useTestApps } from './support/test-app';
import { waitFor } from './support/wait-for';

const ENV = { ...FAST_AUTH_ENV, ANSWER_CACHE_MB: '8' };

/** What the checks read in an article's or its comments' answer. */
interface AnswerBody {
  article: {
    body: string;
    favoritesCount: number;
    tagList: string[];
    category: string | null;
    author: { bio: string | null };
  };
  comments: unknown[];
  tags: string[];
}

/** Headers that differ between any two answers. */
const OWN_HEADERS = new Set(['date', 'x-request-id']);
const sameHeaders = (response: Response) =>
  Object.fromEntries(Object.entries(response.headers).filter(([name]) => !OWN_HEADERS.has(name)));

/**
 * Anonymous answers for an article, its comments and the tags kept in memory (ANSWER_CACHE_MB): served as Nest
 * makes them, never stale after a write through the API on the same instance, and dropped on the
 * other instances once the change's notification arrives.
 */
describe('answers kept in memory', () => {
  const [t, second] = useTestApps(2, ENV);
  const author = useRegisteredUser(t);
  const admin = useRegisteredUser(t, { superuser: true });

  const channelOf = (app: TestApp) => app.app.get(DatabaseNotifications).watch(ANSWERS_CHANNEL);

  /** An anonymous GET on `app`, and how many statements it ran. */
  async function read(
    app: TestApp,
    path: string,
  ): Promise<{ response: Response; statements: number }> {
    const { result, statements } = await recordStatements(() => app.http().get(path));
    return { response: result, statements: statements.length };
  }

  /** Reads `path` until it is kept (a read that runs no statement; a late notification may drop it once). */
  async function readKept(app: TestApp, path: string): Promise<Response> {
    await waitFor(`${path} to be listened for`, () => channelOf(app).live);
    for (let i = 0; i < 10; i++) {
      const { response, statements } = await read(app, path);
      if (statements === 0) return response;
    }
    throw new Error(`${path} was never kept`);
  }

  it('a kept answer is the one Nest makes: status, body and headers, and a 304 for its ETag', async () => {
    const article = await createArticle(t, author.token);
    for (const path of [
      `/api/articles/${article.slug}`,
      `/api/articles/${article.slug}/comments`,
      '/api/tags',
    ]) {
      await waitFor('listening', () => channelOf(t).live);
      const made = await read(t, path);
      expect(made.statements).toBeGreaterThan(0);
      const kept = await readKept(t, path);
      expect([kept.status, kept.text]).toEqual([200, made.response.text]);
      expect(sameHeaders(kept)).toEqual(sameHeaders(made.response));
      await t.http().get(path).set('If-None-Match', String(kept.headers.etag)).expect(304);
    }
  });

  it('a signed-in reader, a query string or a HEAD is never served a kept answer', async () => {
    const article = await createArticle(t, author.token);
    const path = `/api/articles/${article.slug}`;
    await readKept(t, path);
    const signedIn = await recordStatements(() => t.as(author.token).get(path).expect(200));
    expect(signedIn.statements.length).toBeGreaterThan(0);
    const withQuery = await recordStatements(() =>
      t.http().get(`${path}/comments?limit=1`).expect(200),
    );
    expect(withQuery.statements.length).toBeGreaterThan(0);
  });

  describe('after a write through the API, the next anonymous read shows it', () => {
    let article: { slug: string };
    let category: { slug: string };
    let reader: RegisteredUser;
    beforeAll(async () => {
      category = await createCategory(t, admin.token);
      article = await createArticle(t, author.token, {
        tagList: ['kept'],
        category: category.slug,
      });
      reader = await registerUser(t);
    });
    const articlePath = () => `/api/articles/${article.slug}`;
    const commentsPath = () => `/api/articles/${article.slug}/comments`;
    const tagsPath = () => '/api/tags';
    let commentId: number;

    const writes: [string, () => Promise<unknown>, (body: AnswerBody) => unknown, () => string][] =
      [
        [
          'an edit',
          () =>
            t
              .as(author.token)
              .put(articlePath())
              .send({ article: { body: 'Edited body' } })
              .expect(200),
          (body) => body.article.body,
          articlePath,
        ],
        [
          'a favorite',
          () => t.as(reader.token).post(`${articlePath()}/favorite`).expect(200),
          (body) => body.article.favoritesCount,
          articlePath,
        ],
        [
          'an unfavorite',
          () => t.as(reader.token).delete(`${articlePath()}/favorite`).expect(200),
          (body) => body.article.favoritesCount,
          articlePath,
        ],
        [
          'new tags',
          () =>
            t
              .as(author.token)
              .put(articlePath())
              .send({ article: { tagList: ['kept', 'retagged'] } })
              .expect(200),
          (body) => body.article.tagList,
          articlePath,
        ],
        [
          'a tag no published article had',
          () =>
            t
              .as(author.token)
              .put(articlePath())
              .send({ article: { tagList: ['kept', 'retagged', `new-${Date.now()}`] } })
              .expect(200),
          (body) => body.tags,
          tagsPath,
        ],
        [
          "the author's new bio",
          () =>
            t
              .as(author.token)
              .put('/api/user')
              .send({ user: { bio: `Bio ${Date.now()}` } })
              .expect(200),
          (body) => body.article.author.bio,
          articlePath,
        ],
        [
          'a category renamed',
          () =>
            t
              .as(admin.token)
              .put(`/api/categories/${category.slug}`)
              .send({ category: { name: `Renamed ${Date.now()}` } })
              .expect(200),
          (body) => body.article.category,
          articlePath,
        ],
        [
          'a comment',
          async () => {
            const response = await t
              .as(reader.token)
              .post(`${commentsPath()}`)
              .send({ comment: { body: 'First!' } })
              .expect(201);
            commentId = (response.body as { comment: { id: number } }).comment.id;
          },
          (body) => body.comments.length,
          commentsPath,
        ],
        [
          'a comment deleted',
          () => t.as(reader.token).delete(`${commentsPath()}/${commentId}`).expect(204),
          (body) => body.comments.length,
          commentsPath,
        ],
        [
          'the article deleted',
          () => t.as(author.token).delete(articlePath()).expect(204),
          (body) => body,
          articlePath,
        ],
      ];

    it.each(writes)(
      '%s (and on the other instance once notified)',
      async (_name, write, shown, path) => {
        const before = await readKept(t, path());
        await readKept(second, path());
        const channel = channelOf(second);
        const version = channel.version;
        const changed = jest.spyOn(AnswerCache.prototype, 'changed');
        await write();
        // Dropped by the commit itself, before the write answered: not left to the notification's timing.
        expect(changed).toHaveBeenCalled();
        changed.mockRestore();
        const after = await t.http().get(path());
        // What a signed-in reader, never served a kept answer, sees now.
        const fresh = await t.as(admin.token).get(path());
        expect(after.status).toBe(fresh.status);
        if (after.status === 200) {
          expect(shown(after.body)).toEqual(shown(fresh.body));
          expect(shown(after.body)).not.toEqual(shown(before.body));
        }
        // The write's notification reached the other instance, which then reads it afresh.
        await waitFor('the notification', () => channel.version !== version);
        const elsewhere = await second.http().get(path());
        expect([elsewhere.status, elsewhere.text]).toEqual([after.status, after.text]);
      },
    );
  });

  it('a tag whose last article goes leaves the kept tags at once, and elsewhere once notified', async () => {
    const tag = `last-${Date.now()}`;
    const channel = channelOf(second);
    let version = channel.version;
    const only = await createArticle(t, author.token, { tagList: [tag] });
    // The create's own notification first, so that the one awaited below is the delete's.
    await waitFor("the create's notification", () => channel.version !== version);
    for (const app of [t, second]) {
      expect((await readKept(app, '/api/tags')).body.tags).toContain(tag);
    }
    version = channel.version;
    await t.as(author.token).delete(`/api/articles/${only.slug}`).expect(204);
    expect((await t.http().get('/api/tags').expect(200)).body.tags).not.toContain(tag);
    await waitFor('the notification', () => channel.version !== version);
    expect((await second.http().get('/api/tags').expect(200)).body.tags).not.toContain(tag);
  });

  it('a change on another instance, or by hand and notified, reaches the kept answers', async () => {
    const article = await createArticle(t, author.token);
    const path = `/api/articles/${article.slug}`;
    await readKept(second, path);

    const channel = channelOf(second);
    let version = channel.version;
    await t
      .as(author.token)
      .put(path)
      .send({ article: { description: 'Changed on the first instance' } })
      .expect(200);
    await waitFor('the notification', () => channel.version !== version);
    const afterApi = await read(second, path);
    expect(afterApi.response.body.article.description).toBe('Changed on the first instance');

    await readKept(second, path);
    version = channel.version;
    // An operator's change by hand, followed by the NOTIFY the README tells them to send.
    await t.dataSource.query(`UPDATE articles SET description = 'Changed in SQL' WHERE slug = $1`, [
      article.slug,
    ]);
    await t.dataSource.query('NOTIFY folio_answers');
    await waitFor('the notification', () => channel.version !== version);
    expect((await read(second, path)).response.body.article.description).toBe('Changed in SQL');
  });

  it('with read replicas nothing is kept (a lagging replica would be kept stale)', async () => {
    // The primary named as its own replica: reads may go to "a replica".
    const withReplica = await buildApp(t.database.url, {
      ...ENV,
      DATABASE_REPLICA_URLS: t.database.url,
    });
    try {
      const app = testAppOf(withReplica, t.database, () => withReplica.close());
      const article = await createArticle(t, author.token);
      for (let i = 0; i < 3; i++) {
        expect((await read(app, `/api/articles/${article.slug}`)).statements).toBeGreaterThan(0);
      }
    } finally {
      await withReplica.close();
    }
  });

  it('nothing is kept while the notifications connection is down', async () => {
    const article = await createArticle(t, author.token);
    const path = `/api/articles/${article.slug}`;
    await readKept(second, path);
    const channel = channelOf(second);
    await t.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'folio-notifications'`,
    );
    await waitFor('the connection to be seen lost', () => !channel.live);
    await t.dataSource.query(`UPDATE articles SET description = 'Unheard' WHERE slug = $1`, [
      article.slug,
    ]);
    for (let i = 0; i < 2; i++) {
      const { response, statements } = await read(second, path);
      expect(statements).toBeGreaterThan(0);
      expect(response.body.article.description).toBe('Unheard');
    }
    await waitFor('the connection to be open again', () => channel.live);
    await readKept(second, path);
  });
});
