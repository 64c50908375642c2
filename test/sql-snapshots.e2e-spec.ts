import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SqlStatement } from '../libs/database/sql';
import { articleCommentsQuery, insertCommentQuery } from '../src/modules/comments/comment.query';
import { ArticleFilter, articleListQuery } from '../src/modules/posts/article-list.query';
import {
  ARTICLE_SQL,
  articleQuery,
  favoriteQuery,
  insertArticleQuery,
} from '../src/modules/posts/article.sql';
import { PROFILE_SQL } from '../src/modules/profiles/profile.sql';
import { createTestDatabase, TestDatabase } from './support/test-app';

/**
 * The SQL of each hot statement, checked in under test/sql/<name>.sql so that a change to one shows in
 * review (as immich does). `UPDATE_SQL_SNAPSHOTS=1` rewrites the files; otherwise a difference fails.
 * Each statement is also EXPLAINed on the migrated schema: a snapshot is of SQL PostgreSQL accepts.
 */
const UPDATE = process.env.UPDATE_SQL_SNAPSHOTS === '1';
const reader = { id: 7, role: null };
const page = { limit: 20, offset: 0 };
const after = { publishedAt: '2026-12-01T10:00:00.123456Z', id: 42 };
const deps = { articles: ARTICLE_SQL, profiles: PROFILE_SQL };
const list = (filter: Partial<ArticleFilter>, by = reader as typeof reader | undefined) =>
  articleListQuery({ status: 'published', ...filter }, by, page, PROFILE_SQL);

const STATEMENTS: [string, SqlStatement][] = [
  ['list-anonymous', list({}, undefined)],
  ['list-signed-in', list({})],
  ['list-by-tag', list({ tag: 'cats' })],
  ['list-by-author', list({ author: 'ann' })],
  ['list-favorited', list({ favoritedBy: 'ann' })],
  ['list-category', list({ category: 'news' })],
  ['list-search', list({ q: 'cats dogs' })],
  ['list-feed', list({ followedBy: reader.id })],
  ['list-drafts', list({ status: 'draft', authorId: reader.id })],
  [
    'list-after-cursor',
    articleListQuery({ status: 'published', tag: 'cats' }, reader, { ...page, after }, PROFILE_SQL),
  ],
  [
    'list-search-after-cursor',
    articleListQuery(
      { status: 'published', q: 'cats' },
      reader,
      { ...page, after: { ...after, rank: 0.5, asOf: '2026-12-04T12:00:00.000000Z' } },
      PROFILE_SQL,
    ),
  ],
  ['article', articleQuery('how-to-train-a-cat', reader.id, PROFILE_SQL)],
  ['comments-list', articleCommentsQuery('how-to-train-a-cat', reader, deps)],
  ['comment-create', insertCommentQuery('how-to-train-a-cat', reader, 'Nice.', deps)],
  [
    'article-create',
    insertArticleQuery(
      {
        title: 'How to train a cat',
        description: 'Patience',
        body: 'First, ...',
        newsletter: true,
        status: 'published',
        publishedAt: null,
        coverImage: null,
        coverImageAlt: null,
        coverImageCaption: null,
        authorId: reader.id,
        categoryId: null,
        slugChosen: false,
      },
      'how-to-train-a-cat',
      ['cats'],
      PROFILE_SQL,
    ),
  ],
  ['favorite', favoriteQuery('how-to-train-a-cat', reader, true, PROFILE_SQL)],
  ['unfavorite', favoriteQuery('how-to-train-a-cat', reader, false, PROFILE_SQL)],
];

function snapshot(name: string, { text, values }: SqlStatement): string {
  return [
    `-- ${name}: written by test/sql-snapshots.e2e-spec.ts (UPDATE_SQL_SNAPSHOTS=1 rewrites it)`,
    `-- values: ${JSON.stringify(values)}`,
    '',
    text,
    '',
  ].join('\n');
}

describe('hot SQL statements', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it.each(STATEMENTS)('%s is as checked in, and PostgreSQL plans it', async (name, query) => {
    const file = join(__dirname, 'sql', `${name}.sql`);
    const written = snapshot(name, query);
    if (UPDATE) writeFileSync(file, written);
    expect(written).toBe(readFileSync(file, 'utf8'));
    await expect(client.query(`EXPLAIN ${query.text}`, query.values)).resolves.toMatchObject({
      command: 'EXPLAIN',
    });
  });
});
