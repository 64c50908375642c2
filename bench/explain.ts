import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { PROFILE_SQL } from '../src/modules/profiles/profile.sql';
import {
  ArticleCursor,
  ArticleFilter,
  articleListQuery,
} from '../src/modules/posts/article-list.query';
import { Fixture } from './endpoints';
import { SEARCH_TERM } from './seed-words';

/**
 * EXPLAIN (ANALYZE, BUFFERS) of Folio's own list statement (the same builder the app runs) for each
 * list endpoint of the bench, written to bench/results/explain-<articles>.txt.
 */
export async function explainLists(
  url: string,
  fixture: Fixture,
  articles: number,
): Promise<string> {
  const reader = { id: 7, role: null };
  const cases: [string, ArticleFilter, number | ArticleCursor][] = [
    ['list articles (signed in as user 7)', { status: 'published' }, 0],
    ['list articles, deep offset', { status: 'published' }, fixture.deepOffset],
    ['list articles, deep cursor', { status: 'published' }, fixture.deepAfter],
    ['by tag (tag7)', { status: 'published', tag: 'tag7' }, 0],
    ['by author (user7)', { status: 'published', author: 'user7' }, 0],
    ['by category (category-7)', { status: 'published', category: 'category-7' }, 0],
    [`search (${SEARCH_TERM})`, { status: 'published', q: SEARCH_TERM }, 0],
    ['feed of user 7', { status: 'published', followedBy: 7 }, 0],
  ];
  const client = new Client({ connectionString: url });
  await client.connect();
  const out: string[] = [];
  try {
    for (const [name, filter, start] of cases) {
      const page =
        typeof start === 'number'
          ? { limit: 20, offset: start }
          : { limit: 20, offset: 0, after: start };
      const { text, values } = articleListQuery(filter, reader, page, PROFILE_SQL);
      await client.query(text, values); // warm the cache, as under load
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
        values,
      );
      out.push(`### ${name}`, '', ...rows.map((row) => row['QUERY PLAN']), '');
    }
  } finally {
    await client.end();
  }
  const file = join(__dirname, 'results', `explain-${articles}.txt`);
  writeFileSync(file, out.join('\n'));
  return file;
}
