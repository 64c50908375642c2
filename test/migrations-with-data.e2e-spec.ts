import { DataSource, MigrationInterface } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { openDataSource } from '../libs/database/database.module';
import { createTestDatabase } from './support/test-app';
import { useUnmigratedDatabase } from './support/unmigrated-database';

/** The migrations of the first release (CreateAuth … ArticlesCategoryStatusIndex). */
const FIRST_RELEASE = 4;

/**
 * A blog written at the first release's schema, in plain SQL (the app of then): users (an
 * administrator of the time, a deactivated one), tagged articles (tags differing only in case, and
 * in Unicode's composed form), a draft, an article whose slug is the reserved `feed`, a category,
 * comments, favorites, follows and a session.
 */
const SEED = `
  INSERT INTO users (email, username, password_hash, is_superuser, is_active, is_verified) VALUES
    ('alice@blog.test', 'alice', 'x', true, true, true),
    ('bob@blog.test', 'bob', 'x', false, true, true),
    ('carol@blog.test', 'carol', 'x', false, false, true);
  INSERT INTO access_tokens (user_id, token_hash, expires_at)
    SELECT id, repeat('a', 64), now() + interval '30 days' FROM users WHERE username = 'bob';
  INSERT INTO categories (name, slug) VALUES ('Travel', 'travel');
  INSERT INTO articles (slug, title, description, body, status, published_at, author_id, category_id)
    SELECT v.slug, v.title, 'About ' || v.title, 'Body of ' || v.title, v.status,
           CASE WHEN v.status = 'published' THEN now() - v.age END, u.id,
           CASE WHEN v.travel THEN (SELECT id FROM categories) END
      FROM (VALUES
        ('first-post', 'First post', 'published', interval '3 days', 'alice', true),
        ('second-post', 'Second post', 'published', interval '2 days', 'bob', false),
        ('feed', 'Feed', 'published', interval '1 day', 'bob', false),
        ('a-draft', 'A draft', 'draft', interval '0', 'bob', true),
        ('carols-post', 'Carol''s post', 'published', interval '4 days', 'carol', false)
      ) AS v(slug, title, status, age, username, travel)
      JOIN users u ON u.username = v.username;
  INSERT INTO tags (name) VALUES ('News'), ('NEWS'), ('news'), ('caf' || U&'\\0065\\0301'), (U&'caf\\00E9'), ('solo');
  INSERT INTO article_tags (article_id, tag_id)
    SELECT a.id, t.id FROM articles a CROSS JOIN tags t
     WHERE (a.slug = 'first-post' AND t.name IN ('News', 'solo'))
        OR (a.slug = 'second-post' AND t.name IN ('NEWS', U&'caf\\00E9'))
        OR (a.slug = 'feed' AND t.name = 'news')
        OR (a.slug = 'a-draft' AND t.name = 'caf' || U&'\\0065\\0301')
        OR (a.slug = 'carols-post' AND t.name = 'news');
  INSERT INTO comments (body, article_id, author_id)
    SELECT 'Nice', a.id, u.id FROM articles a, users u WHERE a.slug = 'first-post' AND u.username = 'bob';
  INSERT INTO favorites (user_id, article_id)
    SELECT u.id, a.id FROM users u, articles a
     WHERE u.username IN ('alice', 'bob') AND a.slug = 'second-post';
  INSERT INTO follows (follower_id, followee_id)
    SELECT f.id, e.id FROM users f, users e WHERE f.username = 'bob' AND e.username = 'alice';
`;

/**
 * A blog that ran an early release upgrades to this one: its data goes through every later migration.
 * The round-trip test runs each migration on an empty schema; this one catches what only data sets
 * off (a deferred trigger's queued events, a merge, a backfill, a rename).
 */
describe('upgrading a blog that holds data', () => {
  const unmigrated = useUnmigratedDatabase();

  const one = async <T>(query: string): Promise<T> =>
    (await unmigrated.dataSource.query<T[]>(query))[0];

  it("data written at the first release's schema goes through every migration since", async () => {
    // In the order they run: by their timestamp.
    const all = unmigrated.dataSource.migrations
      .map((migration) => migration.constructor as new () => unknown)
      .sort((a, b) => a.name.slice(-13).localeCompare(b.name.slice(-13)));
    const firstRelease = await new DataSource({
      ...dataSourceOptions({ url: unmigrated.url }),
      migrations: all.slice(0, FIRST_RELEASE),
    }).initialize();
    try {
      await firstRelease.runMigrations({ transaction: 'each' });
    } finally {
      await firstRelease.destroy();
    }
    await unmigrated.dataSource.query(SEED);

    const applied = await unmigrated.dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((migration) => migration.name)).toEqual(
      all.slice(FIRST_RELEASE).map((migration) => migration.name),
    );
    expect(await unmigrated.dataSource.driver.createSchemaBuilder().log()).toMatchObject({
      upQueries: [],
    });

    // Nothing lost: every row is still there, the merged tags' links moved to the tag kept.
    expect(
      await one(`SELECT (SELECT count(*) FROM users)::int AS users,
        (SELECT count(*) FROM articles)::int AS articles, (SELECT count(*) FROM comments)::int AS comments,
        (SELECT count(*) FROM favorites)::int AS favorites, (SELECT count(*) FROM follows)::int AS follows,
        (SELECT count(*) FROM access_tokens)::int AS sessions`),
    ).toEqual({ users: 3, articles: 5, comments: 1, favorites: 2, follows: 1, sessions: 1 });
    const tags = await unmigrated.dataSource.query<{ name: string; articles: number }[]>(
      `SELECT t.name, count(at.id)::int AS articles FROM tags t
         LEFT JOIN article_tags at ON at.tag_id = t.id GROUP BY t.name ORDER BY t.name`,
    );
    expect(tags).toEqual([
      { name: 'café', articles: 2 },
      { name: 'news', articles: 4 },
      { name: 'solo', articles: 1 },
    ]);
    // What the later schema keeps beside the rows, filled in for the old ones.
    expect(
      await one(`SELECT count(*)::int AS stale FROM article_tags at JOIN articles a ON a.id = at.article_id
        WHERE at.article_status IS DISTINCT FROM a.status
           OR at.article_published_at IS DISTINCT FROM a.published_at`),
    ).toEqual({ stale: 0 });
    expect(await one(`SELECT article_counts_rebuild() AS drifted`)).toEqual({ drifted: 0 });
    expect(
      await unmigrated.dataSource.query(`SELECT username, role FROM users ORDER BY username`),
    ).toEqual([
      { username: 'alice', role: 'administrator' },
      { username: 'bob', role: null },
      { username: 'carol', role: null },
    ]);
    // The deactivated author's article is withheld; `feed` moved, its old address kept.
    expect(
      await unmigrated.dataSource.query(
        `SELECT a.slug, a.status, a.first_slug AS "firstSlug", a.favorites_count AS favorites
           FROM articles a ORDER BY a.first_slug`,
      ),
    ).toEqual([
      { slug: 'a-draft', status: 'draft', firstSlug: 'a-draft', favorites: 0 },
      { slug: 'carols-post', status: 'withheld', firstSlug: 'carols-post', favorites: 0 },
      {
        slug: expect.stringMatching(/^feed-[0-9a-f]{6}$/),
        status: 'published',
        firstSlug: 'feed',
        favorites: 0,
      },
      { slug: 'first-post', status: 'published', firstSlug: 'first-post', favorites: 0 },
      { slug: 'second-post', status: 'published', firstSlug: 'second-post', favorites: 2 },
    ]);
    expect(
      await one(`SELECT count(*)::int AS kept FROM article_slugs WHERE slug = 'feed'`),
    ).toEqual({ kept: 1 });
  });

  it('the start says each migration as it commits, and which one failed', async () => {
    const other = await createTestDatabase({ migrated: false });
    const lines: string[] = [];
    let seenWhenFailing: string[] = [];
    class ZzGood9999999999990 implements MigrationInterface {
      async up(runner: { query(text: string): Promise<unknown> }) {
        await runner.query('CREATE TABLE zz_good (id int)');
      }
      async down() {}
    }
    class ZzBad9999999999991 implements MigrationInterface {
      async up(runner: { query(text: string): Promise<unknown> }) {
        seenWhenFailing = [...lines];
        await runner.query('CREATE TABLE zz_bad (id int)');
        await runner.query('SELECT * FROM no_such_table');
      }
      async down() {}
    }
    try {
      const options = {
        url: other.url,
        extraMigrations: [ZzGood9999999999990, ZzBad9999999999991],
      };
      await expect(
        openDataSource(dataSourceOptions(options), {
          ...options,
          runMigrations: true,
          progress: (line) => lines.push(line),
        }),
      ).rejects.toThrow(
        /^Migration ZzBad9999999999991 failed, nothing of it was applied: relation "no_such_table" does not exist$/,
      );
      // Every earlier one was said before the failing one began, not held until the end.
      expect(seenWhenFailing[0]).toMatch(
        /^Applying \d+ migration\(s\): CreateAuth\d+ to ZzBad\d+$/,
      );
      expect(seenWhenFailing).toContain('Applied migration ZzGood9999999999990');
      expect(seenWhenFailing).toContain('Applied migration CreateAuth1795633464074');
      expect(lines).not.toContain('Applied migration ZzBad9999999999991');
      expect(seenWhenFailing).toEqual(lines);
    } finally {
      await other.drop();
    }
  });
});
