import { folioCli } from './support/folio-cli';
import { Client } from 'pg';
import { registerUser, RegisteredUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { CapturedLogs } from './support/captured-logs';
import { TestApp, useTestApp } from './support/test-app';

/** Every count, by a plain COUNT(*) over the tables: what the kept counters must agree with. */
const TRUTH = `
  SELECT 'site' AS scope, 0 AS key, status, count(*)::int AS n FROM articles GROUP BY status
  UNION ALL SELECT 'author', author_id, status, count(*)::int FROM articles GROUP BY 2, 3
  UNION ALL SELECT 'category', category_id, status, count(*)::int FROM articles
    WHERE category_id IS NOT NULL GROUP BY 2, 3
  UNION ALL SELECT 'tag', at.tag_id, a.status, count(*)::int
    FROM article_tags at JOIN articles a ON a.id = at.article_id GROUP BY 2, 3`;

const KEPT = `SELECT scope, key, status, sum(n)::int AS n FROM article_counts GROUP BY 1, 2, 3`;

/** Counts that disagree, as `scope:key:status kept=… truth=…`: one statement, so one snapshot. */
async function drift(t: TestApp): Promise<string[]> {
  const rows: { count: string }[] = await t.dataSource.query(
    `SELECT concat(scope, ':', key, ':', status, ' kept=', COALESCE(kept.n, 0), ' truth=', COALESCE(truth.n, 0)) AS count
     FROM (${TRUTH}) truth FULL JOIN (${KEPT}) kept USING (scope, key, status)
     WHERE COALESCE(kept.n, 0) <> COALESCE(truth.n, 0) ORDER BY 1`,
  );
  return rows.map((row) => row.count);
}

/** Tag links whose copy of their article's status or date (ArticleTagOrder) is not the article's. */
async function staleLinks(t: TestApp): Promise<string[]> {
  const rows: { link: string }[] = await t.dataSource.query(
    `SELECT concat(at.article_id, ':', at.tag_id, ' ', at.article_status, '/', a.status) AS link
     FROM article_tags at JOIN articles a ON a.id = at.article_id
     WHERE at.article_status <> a.status OR at.article_published_at IS DISTINCT FROM a.published_at`,
  );
  return rows.map((row) => row.link);
}

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('article counters: kept by the database, never drifting', () => {
  // Warnings kept: a 503's cause (a deadlock, a lock timeout, no connection free in time) is logged,
  // not answered, and a failure below prints it.
  const logs = new CapturedLogs();
  const t = useTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'warn' }, { logDestination: logs });
  const admin = useRegisteredUser(t, { superuser: true });

  it("agree with COUNT(*) after random concurrent creates, publishes, schedules, deletes, re-tags, category moves and user deletions; tag links keep their article's status and date", async () => {
    const seed = Number(process.env.COUNTERS_SEED ?? Date.now() % 100000);
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const TAGS = ['red', 'green', 'blue', 'cyan', 'plum', 'sand'];
    const categories = ['news', 'howto', 'notes'];
    for (const name of categories) {
      await t.as(admin.token).post('/api/categories').send({ category: { name } }).expect(201);
    }
    const authors: RegisteredUser[] = [];
    for (let i = 0; i < 5; i++) authors.push(await registerUser(t));
    const slugs: { slug: string; token: string }[] = [];
    const tags = () => TAGS.filter(() => next() < 0.35);
    const category = () => (next() < 0.3 ? null : pick(categories));
    const statuses = ['draft', 'published'] as const;
    let created = 0;

    const operations: (() => Promise<unknown>)[] = [];
    const create = () => {
      const choice = next();
      const input = { status: pick(statuses), tagList: tags(), category: category() };
      return async () => {
        const author = authors[Math.floor(choice * authors.length)];
        const n = ++created;
        const article = { title: `Count ${n}`, description: 'd', body: 'b', ...input };
        // The author may have been deleted meanwhile (401), or the category (404): the answer is
        // counted with the rest, so a failure (5xx) is never swallowed here.
        const response = await t.as(author.token).post('/api/articles').send({ article });
        if (response.status === 201)
          slugs.push({ slug: response.body.article.slug, token: author.token });
        return response;
      };
    };
    // Each change is drawn now (so a seed replays it) and aimed at an article when it runs; when user
    // deletions have taken every article written so far, there is none to aim at and it is skipped.
    const change = (request: (target: { slug: string; token: string }) => Promise<unknown>) => {
      const choice = next();
      return async () => {
        const target = slugs[Math.floor(choice * slugs.length)];
        return target ? request(target) : undefined;
      };
    };
    const update = (article: Record<string, unknown>) =>
      change((target) => t.as(target.token).put(`/api/articles/${target.slug}`).send({ article }));
    for (let i = 0; i < 40; i++) operations.push(create());
    for (let i = 0; i < 200; i++) {
      const roll = next();
      if (roll < 0.3) operations.push(create());
      else if (roll < 0.42) operations.push(update({ status: 'published' }));
      else if (roll < 0.5) operations.push(update({ status: 'draft' }));
      else if (roll < 0.55) {
        // Scheduled, then rescheduled: the second time the date moves without the status.
        const minutes = 60 + Math.floor(next() * 1000);
        const publishAt = (later: number) =>
          new Date(Date.now() + (minutes + later) * 60_000).toISOString();
        operations.push(
          change(async (target) => {
            const put = (article: object) =>
              t.as(target.token).put(`/api/articles/${target.slug}`).send({ article });
            await put({ status: 'scheduled', publishAt: publishAt(0) });
            return put({ publishAt: publishAt(30) });
          }),
        );
      } else if (roll < 0.67) operations.push(update({ tagList: tags() }));
      else if (roll < 0.77) operations.push(update({ category: category() }));
      else if (roll < 0.86) {
        operations.push(update({ status: pick(statuses), tagList: tags(), category: category() }));
      } else if (roll < 0.95) {
        operations.push(
          change((target) => t.as(target.token).delete(`/api/articles/${target.slug}`)),
        );
      } else {
        // A user deleted with all their articles (their tag links and counts go by cascade), and a
        // new author to keep writing.
        const choice = next();
        operations.push(async () => {
          // The new author first, so that concurrent deletions never leave no author to write.
          const fresh = await registerUser(t);
          const [victim] = authors.splice(Math.floor(choice * authors.length), 1, fresh);
          for (let at = slugs.length - 1; at >= 0; at--) {
            if (slugs[at].token === victim.token) slugs.splice(at, 1);
          }
          await t.as(admin.token).delete(`/api/admin/users/${victim.id}`);
        });
      }
    }
    // A tag and a category removed outright, among the rest.
    // (By hand, as an operator would, retried when its cascade over the tag's links deadlocks with a
    // writer's: the deadlock is the operator's statement against Folio's, not a counter's doing.)
    // It never waits on a lock for long (lock_timeout, then it tries again): a deadlock needs both sides
    // waiting, and the side that closes the cycle is the one PostgreSQL ends. Waiting on a writer while
    // that writer came to wait on it, the operator's statement gave the writer a 503 (CI, seed 13479:
    // its DELETE against a writer's INSERT INTO tags … ON CONFLICT).
    const deleteTag = async (): Promise<unknown> => {
      try {
        return await t.dataSource.transaction(async (manager) => {
          await manager.query(`SET LOCAL lock_timeout = '50ms'`);
          return manager.query<unknown>(`DELETE FROM tags WHERE name = 'sand'`);
        });
      } catch (error) {
        if (!['40P01', '55P03'].includes((error as { code?: string }).code ?? '')) throw error;
        return deleteTag();
      }
    };
    operations.splice(80, 0, deleteTag);
    operations.splice(100, 0, () => t.as(admin.token).delete('/api/categories/notes'));

    // Twelve at a time, as concurrent writers.
    const queue = [...operations];
    const failures: string[] = [];
    const answered = new Map<number, number>();
    // Settled, not raced: a writer that throws must not leave the others running into the next test.
    const writers = await Promise.allSettled(
      Array.from({ length: 12 }, async () => {
        for (let op = queue.shift(); op; op = queue.shift()) {
          const outcome = await op();
          const status = (outcome as { status?: number } | undefined)?.status;
          if (status !== undefined) answered.set(status, (answered.get(status) ?? 0) + 1);
          // Deadlocks and lock timeouts answer 503: a counter must never cause one.
          if (status !== undefined && status >= 500) failures.push(`HTTP ${status}`);
        }
      }),
    );
    for (const writer of writers) {
      if (writer.status === 'rejected') failures.push(String(writer.reason));
    }
    // With what the app logged of them: which statement failed, and why.
    const logged = failures.length
      ? logs
          .entries()
          .map((entry) => String(entry.msg))
          .filter((message) => message.includes(' failed: '))
      : [];
    expect({ seed, failures, logged }).toEqual({ seed, failures: [], logged: [] });
    expect({ seed, drift: await drift(t) }).toEqual({ seed, drift: [] });
    expect({ seed, stale: await staleLinks(t) }).toEqual({ seed, stale: [] });
    // The changes really ran: many answered 200 (others aimed at articles deleted meanwhile: 404).
    const ok = answered.get(200) ?? 0;
    expect({ answered: [...answered], enough: ok > 40 }).toEqual({
      answered: [...answered],
      enough: true,
    });
  });

  it("a tag's links follow their article's publication: scheduled, rescheduled, published, unpublished", async () => {
    const author = await registerUser(t);
    const tag = `follow-${Date.now()}`;
    const older = await createArticle(t, author.token, { tagList: [tag] });
    const article = await createArticle(t, author.token, { tagList: [tag, 'other'] });
    const put = (change: object) =>
      t.as(author.token).put(`/api/articles/${article.slug}`).send({ article: change }).expect(200);
    const listed = async () => {
      const { body } = await t.http().get(`/api/articles?tag=${tag}`).expect(200);
      return (body as { articles: { slug: string }[] }).articles.map((a) => a.slug);
    };
    const inAnHour = (minutes: number) => new Date(Date.now() + (60 + minutes) * 60_000);
    expect(await listed()).toEqual([article.slug, older.slug]);
    await put({ publishAt: inAnHour(0).toISOString() });
    expect(await staleLinks(t)).toEqual([]);
    expect(await listed()).toEqual([older.slug]);
    // The date moves, the status stays.
    await put({ publishAt: inAnHour(30).toISOString() });
    expect(await staleLinks(t)).toEqual([]);
    await put({ status: 'published' });
    expect(await staleLinks(t)).toEqual([]);
    expect(await listed()).toEqual([article.slug, older.slug]);
    // Published before the older one: now listed after it.
    await t.dataSource.query(
      `UPDATE articles SET published_at = published_at - interval '1 day' WHERE slug = $1`,
      [article.slug],
    );
    expect(await staleLinks(t)).toEqual([]);
    expect(await listed()).toEqual([older.slug, article.slug]);
    await put({ status: 'draft' });
    expect(await staleLinks(t)).toEqual([]);
    expect(await listed()).toEqual([older.slug]);
    // A copy written by hand is put back from the article.
    await t.dataSource.query(`UPDATE article_tags SET article_status = 'published'`);
    expect(await staleLinks(t)).toEqual([]);
  });

  it('the API answers counts from the counters, equal to COUNT(*)', async () => {
    for (const tagList of [['counted'], ['counted', 'twice']]) {
      await createArticle(t, admin.token, { tagList, category: 'news' });
    }
    const list = await t.http().get('/api/articles?limit=1').expect(200);
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM articles WHERE status = 'published'`,
    );
    expect(list.body).toMatchObject({ articlesCount: n, articlesCountIsExact: true });
    const [tag] = await t.dataSource.query(
      `SELECT t.name, count(*)::int AS n FROM tags t JOIN article_tags at ON at.tag_id = t.id
       JOIN articles a ON a.id = at.article_id AND a.status = 'published' GROUP BY t.name ORDER BY 2 DESC LIMIT 1`,
    );
    const byTag = await t.http().get(`/api/articles?tag=${tag.name}&limit=1`).expect(200);
    expect(byTag.body.articlesCount).toBe(tag.n);
    const tags = await t.http().get('/api/tags').expect(200);
    // The most used first, then by name: counted here with COUNT(*).
    const inUse: { name: string }[] = await t.dataSource.query(
      `SELECT t.name FROM tags t JOIN article_tags at ON at.tag_id = t.id
       JOIN articles a ON a.id = at.article_id AND a.status = 'published'
       GROUP BY t.name ORDER BY count(*) DESC, t.name`,
    );
    expect(tags.body.tags).toEqual(inUse.map((row) => row.name));
    const categories = await t.http().get('/api/categories').expect(200);
    for (const { slug, articlesCount } of categories.body.categories) {
      const [row] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM articles a JOIN categories c ON c.id = a.category_id
         WHERE c.slug = $1 AND a.status = 'published'`,
        [slug],
      );
      expect({ slug, articlesCount }).toEqual({ slug, articlesCount: row.n });
    }
  });

  it('a rolled-back transaction or savepoint takes its changes back; TRUNCATE clears them', async () => {
    const author = await registerUser(t);
    const client = new Client({ connectionString: t.database.url });
    await client.connect();
    const insert = (slug: string) =>
      client.query(
        `INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
         VALUES ($1, 'T', 'D', 'B', 'published', now(), $2)`,
        [slug, author.id],
      );
    const authorCount = async (): Promise<number> =>
      (
        await client.query<{ n: number }>(
          `SELECT COALESCE(sum(n), 0)::int AS n FROM article_counts
           WHERE scope = 'author' AND key = $1 AND status = 'published'`,
          [author.id],
        )
      ).rows[0].n;
    try {
      await client.query('BEGIN');
      await insert(`rolled-back-${author.id}`);
      await client.query('ROLLBACK');
      expect(await authorCount()).toBe(0);
      await client.query('BEGIN');
      await client.query('SAVEPOINT before');
      await insert(`undone-${author.id}`);
      await client.query('ROLLBACK TO SAVEPOINT before');
      await insert(`kept-${author.id}`);
      await client.query('COMMIT');
      expect(await authorCount()).toBe(1);
      expect(await drift(t)).toEqual([]);
      await client.query('TRUNCATE article_tags');
      expect(await drift(t)).toEqual([]);
      await client.query('TRUNCATE articles CASCADE');
      expect(await authorCount()).toBe(0);
      expect(await drift(t)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('npm run cli -- recount finds and mends drifted counters', async () => {
    await createArticle(t, admin.token, { tagList: ['mended'] });
    await t.dataSource.query(
      `UPDATE article_counts SET n = n + 7 WHERE id = (SELECT min(id) FROM article_counts WHERE scope = 'site' AND status = 'published')`,
    );
    await t.dataSource.query(
      `DELETE FROM article_counts WHERE scope = 'tag' AND key = (SELECT id FROM tags WHERE name = 'mended')`,
    );
    expect(await drift(t)).toHaveLength(2);
    // Instances that keep answers (the tags in use come from the counters) are told.
    const listener = new Client({ connectionString: t.database.url });
    await listener.connect();
    const told: string[] = [];
    listener.on('notification', ({ channel }) => told.push(channel));
    await listener.query('LISTEN folio_answers');
    const { stdout } = await folioCli(['recount'], { DATABASE_URL: t.database.url });
    expect(stdout).toContain('2 counts were wrong and are right now');
    await listener.query('SELECT 1');
    await listener.end();
    expect(told).toContain('folio_answers');
    expect(await drift(t)).toEqual([]);
    const again = await folioCli(['recount'], { DATABASE_URL: t.database.url });
    expect(again.stdout).toContain('every count was right');
  });
});
