import { Client } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { PasswordHasher } from '../src/modules/accounts/password-hasher';
import { keepRecentSearchStatement } from '../src/modules/posts/recent-search.query';
import { TOPICS, VOCABULARY } from './seed-words';

/** Every user's password, and the prefix of their access token (`bench-token-<user id>`). */
export const BENCH_PASSWORD = 'bench-password';
export const TOKEN_PREFIX = 'bench-token-';
/** Bumped when the seeded data changes, so that a stale seeded database is seeded again. */
export const SEED_VERSION = 'folio-bench seed 2';
export const TAGS = 500;
export const CATEGORIES = 20;

export interface DataSize {
  users: number;
  articles: number;
}

export function dataSize(articles: number): DataSize {
  return { users: Math.max(1000, Math.round(articles / 10)), articles };
}

/** A non-negative int from a bigint expression: deterministic, so every run seeds the same data. */
const h = (expr: string) => `(hashint8((${expr})::bigint)::bigint & 2147483647)`;
const words = (from: number, to: number, salt: string, vocabulary = '$2::text[]') =>
  `(SELECT string_agg((${vocabulary})[1 + ${h(`${salt} * 128 + k`)} % cardinality(${vocabulary})], ' ' ORDER BY k)
    FROM generate_series(${from}, ${to}) k)`;

// first_slug as the slug: its trigger (migration ArticleFirstSlug) is off while loading, as all are.
const ARTICLES = `
INSERT INTO articles (id, created_at, updated_at, slug, first_slug, title, description, body, status,
                      published_at, favorites_count, author_id, category_id)
OVERRIDING SYSTEM VALUE
SELECT i, ts, ts, lower(replace(title, ' ', '-')) || '-' || i, lower(replace(title, ' ', '-')) || '-' || i,
       title, description, body,
       CASE WHEN draft THEN 'draft' ELSE 'published' END, CASE WHEN draft THEN NULL ELSE ts END,
       ${h('i * 7 + 9')} % 21, 1 + ${h('i * 7 + 5')} % $5::int,
       CASE WHEN ${h('i * 7 + 3')} % 5 = 0 THEN NULL ELSE 1 + ${h('i * 7 + 4')} % ${CATEGORIES} END
FROM generate_series($3::int, $4::int) i
CROSS JOIN LATERAL (SELECT
  initcap(($1::text[])[1 + ${h('i * 7 + 1')} % cardinality($1::text[])]) || ' ' || ${words(1, 3, 'i')} AS title,
  initcap(${words(4, 15, 'i')}) || '.' AS description,
  initcap(${words(16, 75, 'i')}) || '.' AS body,
  ${h('i * 7 + 2')} % 20 = 0 AS draft,
  timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds' AS ts) t`;

const ARTICLE_TAGS = `
INSERT INTO article_tags (article_id, tag_id, article_status, article_published_at)
SELECT i, 1 + (${h('i * 7 + 7')} + j * 97) % ${TAGS}, a.status, a.published_at
FROM generate_series($1::int, $2::int) i JOIN articles a ON a.id = i, generate_series(1, 5) j
WHERE j <= 1 + ${h('i * 7 + 6')} % 5`;

const FAVORITES = `
INSERT INTO favorites (user_id, article_id, created_at, updated_at)
SELECT 1 + (${h('i * 7 + 10')} + j * 919) % $3::int, i, now(), now()
FROM generate_series($1::int, $2::int) i, generate_series(1, 20) j
WHERE j <= ${h('i * 7 + 9')} % 21`;

const COMMENTS = `
INSERT INTO comments (article_id, author_id, body, created_at, updated_at)
SELECT i, 1 + ${h('i * 16 + j')} % $3::int, ${words(1, 12, '(i * 16 + j)', '$4::text[]')},
       timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds' + j * interval '1 minute',
       timestamptz '2020-01-01 00:00:00+00' + i * interval '37 seconds' + j * interval '1 minute'
FROM generate_series($1::int, $2::int) i, generate_series(1, 10) j
WHERE j <= ${h('i * 7 + 8')} % 11`;

const CHUNK = 50_000;

/**
 * Bulk-loads the data set with SQL (generate_series, deterministic hashes): users with one access
 * token each and a shared argon2 password, tags, categories, articles with 1–5 tags, ~5 comments and
 * ~10 favorites per article, ~10 follows per user.
 */
export async function seed(url: string, size: DataSize, log: (line: string) => void) {
  const hasher = new PasswordHasher(loadConfig({}).auth.argon2);
  const passwordHash = await hasher.hash(BENCH_PASSWORD);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    // No foreign-key triggers while loading: the data is consistent by construction, and checking
    // 10 million favorites one by one would take most of the time at the 1M scale.
    await client.query('SET session_replication_role = replica');
    await client.query(
      `INSERT INTO users (id, email, username, password_hash, bio, image, is_verified)
       OVERRIDING SYSTEM VALUE
       SELECT i, 'user' || i || '@bench.folio.test', 'user' || i, $1,
              CASE WHEN i % 2 = 0 THEN 'Writer number ' || i END,
              CASE WHEN i % 3 = 0 THEN 'https://img.folio.test/' || i || '.png' END, true
       FROM generate_series(1, $2::int) i`,
      [passwordHash, size.users],
    );
    await client.query(
      `INSERT INTO access_tokens (user_id, token_hash, expires_at, last_used_at)
       SELECT i, encode(sha256(convert_to($1 || i, 'UTF8')), 'hex'), now() + interval '365 days', now()
       FROM generate_series(1, $2::int) i`,
      [TOKEN_PREFIX, size.users],
    );
    await client.query(
      `INSERT INTO follows (follower_id, followee_id)
       SELECT DISTINCT u, 1 + (${h('u * 13 + 1')} + j * 919) % $1::int
       FROM generate_series(1, $1::int) u, generate_series(1, 10) j
       WHERE 1 + (${h('u * 13 + 1')} + j * 919) % $1::int <> u`,
      [size.users],
    );
    await client.query(
      `INSERT INTO tags (id, name) OVERRIDING SYSTEM VALUE
       SELECT i, 'tag' || i FROM generate_series(1, ${TAGS}) i`,
    );
    await client.query(
      `INSERT INTO categories (id, name, slug, description) OVERRIDING SYSTEM VALUE
       SELECT i, 'Category ' || i, 'category-' || i, 'Articles of category ' || i
       FROM generate_series(1, ${CATEGORIES}) i`,
    );
    for (let from = 1; from <= size.articles; from += CHUNK) {
      const to = Math.min(size.articles, from + CHUNK - 1);
      await client.query(ARTICLES, [TOPICS, VOCABULARY, from, to, size.users]);
      await client.query(ARTICLE_TAGS, [from, to]);
      await client.query(FAVORITES, [from, to, size.users]);
      await client.query(COMMENTS, [from, to, size.users, VOCABULARY]);
      log(`seeded articles ${from}–${to} of ${size.articles}`);
    }
    for (const table of ['users', 'tags', 'categories', 'articles']) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`,
      );
    }
    // The article counters' triggers did not fire while loading (replica role): counted once here.
    await client.query('SET session_replication_role = origin');
    await client.query('SELECT article_counts_rebuild()');
    // Nor did search's recent tier fill: the hourly job's statement (RecentSearchService) fills it, so
    // that a search at a million reads the tier from the first run.
    const tier = keepRecentSearchStatement(loadConfig({}).posts.searchRecentArticles);
    await client.query(tier.text, tier.values);
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}

/** How many rows each table holds, for the report. */
export async function countRows(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = [
      'users',
      'articles',
      'tags',
      'article_tags',
      'comments',
      'favorites',
      'follows',
    ];
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = rows[0].n;
    }
    return counts;
  } finally {
    await client.end();
  }
}
