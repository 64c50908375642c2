import { Client } from 'pg';
import { TransactionRetries } from '../libs/database/transaction-retries';
import {
  changeAccess,
  makeSuperuser,
  setRole,
  registerUser,
  useRegisteredUser,
} from './support/auth-factory';
import { createArticle, createCategory, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

/** How many connections to the test database wait on a lock (requests blocked by another transaction). */
async function lockWaiters(client: Client): Promise<number> {
  // Inside a transaction, PostgreSQL answers from the activity it read first, unless told to read anew.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<{ waiting: number }>(
    `SELECT count(*)::int AS waiting FROM pg_stat_activity
     WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return rows[0].waiting;
}

/** Whether a connection to the test database waits on a lock (a request blocked by `client`'s transaction). */
async function someoneWaitsOnALock(client: Client): Promise<boolean> {
  return (await lockWaiters(client)) > 0;
}

/** The deadlocks PostgreSQL has broken in the test database (its statistics, flushed within a second). */
async function deadlocksBroken(client: Client): Promise<number> {
  const { rows } = await client.query<{ deadlocks: number }>(
    `SELECT deadlocks::int FROM pg_stat_database WHERE datname = current_database()`,
  );
  return rows[0].deadlocks;
}

/**
 * Another transaction's write, made and held uncommitted while `send` goes out; committed once the
 * request waits on its lock. The request's answer.
 */
async function racingAnUncommittedWrite<T>(
  url: string,
  write: [sql: string, params: unknown[]],
  send: () => PromiseLike<T>,
): Promise<T> {
  const other = new Client({ connectionString: url });
  await other.connect();
  try {
    await other.query('BEGIN');
    await other.query(...write);
    const pending = Promise.resolve(send()); // sent now, not when awaited
    await waitFor('the request to wait on the lock', () => someoneWaitsOnALock(other));
    await other.query('COMMIT');
    return await pending;
  } finally {
    await other.end();
  }
}

/** What an article answer says of the reader's favorite: [favorited, favoritesCount]. */
function favoriteState(response: {
  body: { article: { favorited: boolean; favoritesCount: number } };
}) {
  return [response.body.article.favorited, response.body.article.favoritesCount];
}

/** Concurrent requests on one row: exact counts, distinct slugs, idempotent repeats, never a 500. */
describe('concurrency', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const author = useRegisteredUser(t);

  const statuses = (responses: { status: number }[]) =>
    [...new Set(responses.map((r) => r.status))].sort();

  it('50 users favoriting one article at once → exactly 50, and back to 0', async () => {
    const article = await createArticle(t, author.token);
    const readers = await Promise.all(Array.from({ length: 50 }, () => registerUser(t)));
    const favorited = await Promise.all(
      readers.map((reader) => t.as(reader.token).post(`/api/articles/${article.slug}/favorite`)),
    );
    expect(statuses(favorited)).toEqual([200]);
    const after = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(after.body.article.favoritesCount).toBe(50);

    const unfavorited = await Promise.all(
      readers.map((reader) => t.as(reader.token).delete(`/api/articles/${article.slug}/favorite`)),
    );
    expect(statuses(unfavorited)).toEqual([200]);
    const end = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(end.body.article.favoritesCount).toBe(0);
  });

  it('a double (tenfold) submitted favorite counts once', async () => {
    const article = await createArticle(t, author.token);
    const reader = await registerUser(t);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.as(reader.token).post(`/api/articles/${article.slug}/favorite`),
      ),
    );
    expect(statuses(responses)).toEqual([200]);
    // Each answer counts the favorite, whichever of the ten requests made it.
    expect(responses.map(favoriteState)).toEqual(responses.map(() => [true, 1]));
    const after = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(after.body.article.favoritesCount).toBe(1);

    const undone = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.as(reader.token).delete(`/api/articles/${article.slug}/favorite`),
      ),
    );
    expect(statuses(undone)).toEqual([200]);
    expect(undone.map(favoriteState)).toEqual(undone.map(() => [false, 0]));
  });

  it('a favorite that a double submit commits while this one waits on it is counted once in the answer', async () => {
    const article = await createArticle(t, author.token);
    const reader = await registerUser(t);
    // The double submit's transaction: the favorite is made but not yet committed.
    const answer = await racingAnUncommittedWrite(
      t.database.url,
      [
        `INSERT INTO favorites (user_id, article_id)
         SELECT u.id, a.id FROM users u, articles a WHERE u.username = $1 AND a.slug = $2`,
        [reader.username, article.slug],
      ],
      () => t.as(reader.token).post(`/api/articles/${article.slug}/favorite`),
    );
    expect(answer.status).toBe(200);
    expect([answer.body.article.favorited, answer.body.article.favoritesCount]).toEqual([true, 1]);
  });

  it.each([
    ['a favorite', (slug: string) => `/api/articles/${slug}/favorite`, undefined],
    ['a comment', (slug: string) => `/api/articles/${slug}/comments`, { comment: { body: 'Hi' } }],
  ])(
    '%s on an article deleted while it is written: 404 article, as after the delete',
    async (_what, path, body) => {
      const article = await createArticle(t, author.token);
      const reader = await registerUser(t);
      // The author's delete: made, not yet committed. The request still sees the article, and its
      // insert waits to check the reference until the delete commits.
      const answer = await racingAnUncommittedWrite(
        t.database.url,
        ['DELETE FROM articles WHERE slug = $1', [article.slug]],
        () => t.as(reader.token).post(path(article.slug)).send(body),
      );
      expect([answer.status, answer.body]).toEqual([404, { errors: { article: ['not found'] } }]);
    },
  );

  it('a tag that another request creates while the article insert waits on it is still linked', async () => {
    const tag = `racing-${Date.now()}`;
    // Another transaction creates the tag and holds it uncommitted, as a concurrent create would:
    // the create's insert of the same tag waits for it.
    const created = await racingAnUncommittedWrite(
      t.database.url,
      ['INSERT INTO tags (name) VALUES ($1)', [tag]],
      () =>
        t
          .as(author.token)
          .post('/api/articles')
          .send({
            article: {
              title: `Racing ${tag}`,
              description: 'd',
              body: 'b',
              tagList: [tag, 'calm'],
            },
          }),
    );
    expect(created.status).toBe(201);
    expect(created.body.article.tagList).toEqual(['calm', tag].sort());
    const read = await t.http().get(`/api/articles/${created.body.article.slug}`).expect(200);
    expect(read.body.article.tagList).toEqual(created.body.article.tagList);
    const byTag = await t.http().get(`/api/articles?tag=${tag}`).expect(200);
    expect(byTag.body.articlesCount).toBe(1);
  });

  it('20 parallel creates with the same title → 20 distinct slugs, no 500', async () => {
    const title = `Same title ${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .as(author.token)
          .post('/api/articles')
          .send({ article: { title, description: `d${i}`, body: `b${i}` } }),
      ),
    );
    expect(statuses(responses)).toEqual([201]);
    const slugs = new Set(responses.map((r) => r.body.article.slug as string));
    expect(slugs.size).toBe(20);
  });

  it('parallel follows and unfollows of one profile are idempotent', async () => {
    const fan = await registerUser(t);
    const follow = () => t.as(fan.token).post(`/api/profiles/${author.username}/follow`);
    const unfollow = () => t.as(fan.token).delete(`/api/profiles/${author.username}/follow`);

    const followed = await Promise.all(Array.from({ length: 10 }, follow));
    expect(statuses(followed)).toEqual([200]);
    expect(followed.every((r) => r.body.profile.following === true)).toBe(true);
    const rows = await t.dataSource.query<{ n: string }[]>(
      'SELECT count(*) AS n FROM follows WHERE follower_id = $1 AND followee_id = $2',
      [fan.id, author.id],
    );
    expect(rows[0].n).toBe('1');

    const mixed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 ? follow() : unfollow())),
    );
    expect(statuses(mixed)).toEqual([200]);
    const unfollowed = await Promise.all(Array.from({ length: 10 }, unfollow));
    expect(statuses(unfollowed)).toEqual([200]);
    const profile = await t.as(fan.token).get(`/api/profiles/${author.username}`);
    expect(profile.body.profile.following).toBe(false);
  });

  it('parallel registrations of one username: one 201, the rest a 409 in the API shape', async () => {
    const username = `race_${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .http()
          .post('/api/users')
          .send({
            user: { username, email: `${username}_${i}@example.test`, password: 'password-1234' },
          }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const loser of responses.filter((r) => r.status !== 201)) {
      expect(loser.status).toBe(409);
      expect(loser.body).toEqual({ errors: { username: ['has already been taken'] } });
    }
  });

  it('parallel registrations of one name in different cases: one 201, the rest 409 username', async () => {
    const base = `Case_${Date.now()}`;
    const names = [base, base.toLowerCase(), base.toUpperCase(), `cASE_${base.slice(5)}`];
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .post('/api/users')
          .send({
            user: {
              username: names[i % names.length],
              email: `${base}_${i}@example.test`,
              password: 'password-1234',
            },
          }),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    for (const loser of responses.filter((r) => r.status !== 201)) {
      expect(loser.status).toBe(409);
      expect(loser.body).toEqual({ errors: { username: ['has already been taken'] } });
    }
  });

  it('the last two administrators demoting or deactivating each other at the same moment leave one', async () => {
    // Many rounds: one round may serialize by chance; a race left open shows in some round.
    const changes = [
      { role: null },
      { isActive: false },
      { role: 'editor' },
      { role: 'contributor' },
    ];
    for (let round = 0; round < 24; round++) {
      const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
      await changeAccess(t, "UPDATE users SET role = NULL WHERE role = 'administrator'");
      await makeSuperuser(t, a.id);
      await makeSuperuser(t, b.id);
      const change = changes[round % changes.length];
      const responses = await Promise.all(
        [
          [a, b],
          [b, a],
        ].map(([actor, target]) =>
          t.as(actor.token).patch(`/api/admin/users/${target.id}`).send({ user: change }),
        ),
      );
      const left = await t.dataSource.query<{ id: number }[]>(
        "SELECT id FROM users WHERE role = 'administrator' AND is_active",
      );
      expect({ round, change, left: left.length }).toEqual({ round, change, left: 1 });
      expect(statuses(responses)).toEqual(expect.arrayContaining([200]));
      // The second, under the lock, is no administrator any more: refused as it would be a moment later.
      const refused = responses.find((r) => r.status !== 200);
      expect(refused?.status).toBe('isActive' in change ? 401 : 403);
    }
  });

  it('two administrators stepping down at the same moment leave one (409 for the last)', async () => {
    for (let round = 0; round < 12; round++) {
      const [a, b] = await Promise.all([registerUser(t), registerUser(t)]);
      await changeAccess(t, "UPDATE users SET role = NULL WHERE role = 'administrator'");
      await makeSuperuser(t, a.id);
      await makeSuperuser(t, b.id);
      const change = round % 2 ? { role: 'author' } : { isActive: false };
      const responses = await Promise.all(
        [a, b].map((self) =>
          t.as(self.token).patch(`/api/admin/users/${self.id}`).send({ user: change }),
        ),
      );
      const left = await t.dataSource.query<{ id: number }[]>(
        "SELECT id FROM users WHERE role = 'administrator' AND is_active",
      );
      expect({ round, left: left.length }).toEqual({ round, left: 1 });
      expect(statuses(responses)).toEqual([200, 409]);
      expect(responses.find((r) => r.status === 409)?.body).toEqual({
        errors: { user: ['is the last administrator: make another user an administrator first'] },
      });
    }
  });

  it('a user and a category deleted at once, deadlocked over their articles: PostgreSQL ends one, which runs again, and both answer 204', async () => {
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    const writer = await registerUser(t);
    const other = await registerUser(t);
    const category = await createCategory(t, admin.token);
    // The category's delete takes its articles in this order; the user's delete takes the writer's own
    // article first (its articles' cascade), then the favorited one (its favorites' count).
    // (Favorited before the others are written: its new row version stays ahead of theirs.)
    const favorited = await createArticle(t, other.token, { category: category.slug });
    await t.as(writer.token).post(`/api/articles/${favorited.slug}/favorite`).expect(200);
    const held = await createArticle(t, other.token, { category: category.slug });
    const own = await createArticle(t, writer.token, { category: category.slug });

    const blocker = new Client({ connectionString: t.database.url });
    await blocker.connect();
    try {
      const deadlocksBefore = await deadlocksBroken(blocker);
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM articles WHERE slug = $1 FOR UPDATE', [held.slug]);
      // The category's delete takes `favorited`, then waits for `held`.
      const categoryDeleted = Promise.resolve(
        t.as(admin.token).delete(`/api/categories/${category.slug}`),
      );
      await waitFor('the category delete to wait', async () => (await lockWaiters(blocker)) === 1);
      // The user's delete takes `own`, then waits for `favorited`.
      const userDeleted = Promise.resolve(
        t.as(admin.token).delete(`/api/admin/users/${writer.id}`),
      );
      await waitFor('the user delete to wait', async () => (await lockWaiters(blocker)) === 2);
      // The category's delete goes on to `own`: each waits for the other.
      await blocker.query('COMMIT');
      expect((await categoryDeleted).status).toBe(204);
      expect((await userDeleted).status).toBe(204);
      expect(t.app.get(TransactionRetries).byConflict().get('deadlock')).toBe(1);
      await waitFor(
        'PostgreSQL to count the deadlock it broke',
        async () => (await deadlocksBroken(blocker)) > deadlocksBefore,
      );
    } finally {
      await blocker.end();
      // The administrator tests above count on being the only administrators.
      await setRole(t, admin.id, null);
    }
    await t.http().get(`/api/articles/${own.slug}`).expect(404);
    const kept = await t.http().get(`/api/articles/${favorited.slug}`).expect(200);
    expect(kept.body.article).toMatchObject({ category: null, favoritesCount: 0 });
    const categories = await t.http().get('/api/categories').expect(200);
    expect(categories.body.categories).not.toContainEqual(
      expect.objectContaining({ slug: category.slug }),
    );
  });

  it('ten parallel DELETEs of one comment: exactly one 204, the rest 404', async () => {
    const article = await createArticle(t, author.token);
    const created = await t
      .as(author.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'to delete' } })
      .expect(201);
    const id = created.body.comment.id as number;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.as(author.token).delete(`/api/articles/${article.slug}/comments/${id}`),
      ),
    );
    expect(responses.filter((r) => r.status === 204)).toHaveLength(1);
    for (const late of responses.filter((r) => r.status !== 204)) {
      expect(late.status).toBe(404);
      expect(late.body).toEqual({ errors: { comment: ['not found'] } });
    }
  });

  it('ten parallel DELETEs of one article: exactly one 204, the rest 404', async () => {
    const article = await createArticle(t, author.token);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => t.as(author.token).delete(`/api/articles/${article.slug}`)),
    );
    expect(responses.filter((r) => r.status === 204)).toHaveLength(1);
    for (const late of responses.filter((r) => r.status !== 204)) {
      expect(late.status).toBe(404);
      expect(late.body).toEqual({ errors: { article: ['not found'] } });
    }
  });
});
