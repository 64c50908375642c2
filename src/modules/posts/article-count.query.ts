import { Sql, sql } from '../../../libs/database/sql';
import { ArticleCountScope } from './article-count.entity';
import { ArticleStatus } from './article.entity';

/**
 * Past this many matches a list without a counter stops counting: its `articlesCount` is then this
 * cap and `articlesCountIsExact` is false ("10,000 or more"). Counting costs at most this many index
 * entries, whatever the table holds.
 */
export const ARTICLE_COUNT_CAP = 10_000;

/** The kept count of `status` articles in the scope whose key `key` gives (a value or a subquery). */
export function keptCount(scope: ArticleCountScope, status: ArticleStatus, key: Sql | number): Sql {
  return sql`(SELECT COALESCE(sum(k.n), 0)::int FROM article_counts k
    WHERE k.scope = ${scope} AND k.status = ${status} AND k.key = ${key})`;
}

/** The kept count of `status` articles over the authors of the id list `authorIds` (a subquery). */
export function keptCountOfAuthors(status: ArticleStatus, authorIds: Sql): Sql {
  return sql`(SELECT COALESCE(sum(k.n), 0)::int FROM article_counts k
    WHERE k.scope = 'author' AND k.status = ${status} AND k.key IN ${authorIds})`;
}

/**
 * How many articles `articles a WHERE where` holds, counting no further than the cap plus one: more
 * than ARTICLE_COUNT_CAP means "at least the cap".
 */
export function cappedCount(where: Sql): Sql {
  return sql`(SELECT count(*)::int FROM (SELECT 1 FROM articles a WHERE ${where} LIMIT ${ARTICLE_COUNT_CAP + 1}) capped)`;
}
