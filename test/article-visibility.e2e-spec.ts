import { Client } from 'pg';
import { param, sql, statement } from '../libs/database/sql';
import { ARTICLE_SQL } from '../src/modules/posts/article.sql';
import { canSee, Reader, visibleWhere } from '../src/modules/posts/article-visibility';
import { createTestDatabase, TestDatabase } from './support/test-app';

/**
 * Who may see a draft is written once (article-visibility.ts). This proves that its three uses agree
 * with each other and with the rule, on every status × author × superuser × anonymous case, in a real
 * PostgreSQL: `canSee` in memory, the condition on a row (the list builder's, with and without the
 * status known) and the FROM item other modules embed (comments).
 */
describe('the article visibility rule', () => {
  let database: TestDatabase;
  let client: Client;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    for (const name of ['author', 'other', 'admin']) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO users (email, username, password_hash, role)
         VALUES ($1, $1, 'x', $2) RETURNING id`,
        [name, name === 'admin' ? 'administrator' : null],
      );
      ids[name] = rows[0].id;
    }
    // A published article has its date; a scheduled one a date to come; a draft none.
    const dates = { published: 'now()', scheduled: "now() + interval '1 day'", draft: 'NULL' };
    for (const [status, date] of Object.entries(dates)) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
         VALUES ($1, $1, '', '', $1, ${date}, $2) RETURNING id`,
        [status, ids.author],
      );
      ids[status] = rows[0].id;
    }
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  const readers: Record<string, () => Reader | undefined> = {
    anonymous: () => undefined,
    author: () => ({ id: ids.author, role: null }),
    'another user': () => ({ id: ids.other, role: null }),
    contributor: () => ({ id: ids.other, role: 'contributor' }),
    'an author': () => ({ id: ids.other, role: 'author' }),
    editor: () => ({ id: ids.other, role: 'editor' }),
    administrator: () => ({ id: ids.admin, role: 'administrator' }),
    'author who is an administrator': () => ({ id: ids.author, role: 'administrator' }),
    'author who is a contributor': () => ({ id: ids.author, role: 'contributor' }),
  };

  // The rule as docs/posts-api.md states it: published articles are anyone's, drafts (and scheduled
  // articles, until their time) their author's, editors' and administrators'; to anyone else they do not
  // exist.
  it.each([
    ['published', 'anonymous', true],
    ['published', 'author', true],
    ['published', 'another user', true],
    ['published', 'contributor', true],
    ['published', 'administrator', true],
    ['published', 'author who is an administrator', true],
    ['draft', 'anonymous', false],
    ['draft', 'author', true],
    ['draft', 'another user', false],
    ['draft', 'contributor', false],
    ['draft', 'an author', false],
    ['draft', 'editor', true],
    ['draft', 'administrator', true],
    ['draft', 'author who is an administrator', true],
    ['draft', 'author who is a contributor', true],
    ['scheduled', 'anonymous', false],
    ['scheduled', 'author', true],
    ['scheduled', 'another user', false],
    ['scheduled', 'an author', false],
    ['scheduled', 'editor', true],
    ['scheduled', 'administrator', true],
  ] as const)('a %s article, read by %s: %s', async (status, readerName, visible) => {
    const reader = readers[readerName]();
    const readerId = param(reader?.id ?? null);
    const article = { status, authorId: ids.author };
    expect(canSee(article, reader)).toBe(visible);

    const run = async (query: ReturnType<typeof sql>) => {
      const { text, values } = statement(query);
      return (await client.query(text, values)).rowCount;
    };
    const onRow = visibleWhere('a', reader, readerId) ?? sql`true`;
    await expect(
      run(sql`SELECT 1 FROM articles a WHERE a.id = ${ids[status]} AND ${onRow}`),
    ).resolves.toBe(visible ? 1 : 0);

    // As a list filtered by status uses it: what the status decides is decided before the statement.
    const inList = visibleWhere('a', reader, readerId, { status }) ?? sql`true`;
    await expect(
      run(sql`SELECT 1 FROM articles a WHERE a.status = ${status} AND ${inList}`),
    ).resolves.toBe(visible ? 1 : 0);

    await expect(
      run(sql`SELECT v.id FROM ${ARTICLE_SQL.visible('v', status, reader, readerId)}`),
    ).resolves.toBe(visible ? 1 : 0);
  });
});
