import {
  joinSql,
  param,
  Param,
  Sql,
  sql,
  SqlStatement,
  statement,
} from '../../../libs/database/sql';
import { rowMapper } from '../../../libs/database/sql-row';
import { ProfileSql } from '../profiles/profile.sql';
import { ArticleStatus } from './article.entity';
import { articleColumns, articleJoins, ArticleRow, readArticle } from './article.sql';
import { Reader, visibleWhere } from './article-visibility';

/**
 * What a list of articles is filtered by. Usernames are resolved inside the statement (with the
 * profiles module's SQL), so a list is one statement whatever the filters.
 */
export interface ArticleFilter {
  status: ArticleStatus;
  tag?: string;
  authorId?: number;
  /** A username; no such user matches nothing. */
  author?: string;
  /** Only articles favorited by the user with this username. */
  favoritedBy?: string;
  /** Only articles by the authors this user (id) follows: the feed. */
  followedBy?: number;
  category?: string;
  q?: string;
}

const searchQuery = (q: string) =>
  sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('russian', ${q}))`;

/**
 * The WHERE clause of an article list over `articles a`: each condition is served by an index
 * (status, author, category, the tag and favorite links, the search vector).
 */
export function articleConditions(
  filter: ArticleFilter,
  reader: Reader | undefined,
  readerId: Param<number | null>,
  users: Pick<ProfileSql, 'idByUsername' | 'followeeIds'>,
): Sql[] {
  const where = [sql`a.status = ${filter.status}`];
  const visible = visibleWhere('a', reader, readerId, { status: filter.status });
  if (visible) where.push(visible);
  if (filter.authorId !== undefined) where.push(sql`a.author_id = ${filter.authorId}`);
  if (filter.author !== undefined) {
    where.push(sql`a.author_id = ${users.idByUsername(filter.author)}`);
  }
  if (filter.followedBy !== undefined) {
    where.push(sql`a.author_id IN ${users.followeeIds(filter.followedBy)}`);
  }
  if (filter.favoritedBy !== undefined) {
    const userId = users.idByUsername(filter.favoritedBy);
    where.push(sql`a.id IN (SELECT f.article_id FROM favorites f WHERE f.user_id = ${userId})`);
  }
  if (filter.tag !== undefined) {
    where.push(
      // The tag's id as a scalar subquery, not a join: half the planning time of the join form.
      sql`a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = (SELECT t.id FROM tags t WHERE t.name = ${filter.tag}))`,
    );
  }
  if (filter.category !== undefined) {
    where.push(
      sql`a.category_id = (SELECT c.id FROM categories c WHERE c.slug = ${filter.category})`,
    );
  }
  if (filter.q !== undefined) where.push(sql`a.search_vector @@ ${searchQuery(filter.q)}`);
  return where;
}

/** How well an article matches the search; undefined when not searching. */
export function articleRank(filter: ArticleFilter): Sql | undefined {
  if (filter.q === undefined) return undefined;
  return sql`ts_rank(a.search_vector, ${searchQuery(filter.q)})`;
}

/**
 * Best match first when searching, otherwise the newest publication first (then the newest id: drafts
 * have no date, and an index on each filter ends in (published_at, id), scanned backwards).
 * Over a page's rows, `rank` stands for the rank they were selected with.
 */
export function articleOrder(rank: Sql | undefined, row: { publishedAt: Sql; id: Sql }): Sql {
  const newest = sql`${row.publishedAt} DESC, ${row.id} DESC`;
  return rank === undefined ? newest : sql`${rank} DESC, ${newest}`;
}

/**
 * A page of articles (no body) and how many match in all, as one statement. The page's ids are found
 * first, so tags, favorites and profiles are computed for its rows only: with OFFSET, PostgreSQL would
 * otherwise compute them for every skipped row too.
 */
export function articleListQuery(
  filter: ArticleFilter,
  reader: Reader | undefined,
  page: { limit: number; offset: number },
  profiles: ProfileSql,
): SqlStatement {
  const readerId = param(reader?.id ?? null);
  const columns = articleColumns(readerId, false, profiles);
  // One fragment in both places: its parameters are bound once.
  const where = joinSql(articleConditions(filter, reader, readerId, profiles), ' AND ');
  const rank = articleRank(filter);
  return statement(sql`SELECT n.count, p.* FROM (SELECT COUNT(*)::int AS count FROM articles a WHERE ${where}) n
    LEFT JOIN LATERAL (
      SELECT ${columns}, page.rank FROM (
        SELECT a.id, ${rank ?? sql`0`} AS rank FROM articles a WHERE ${where}
        ORDER BY ${articleOrder(rank && sql`rank`, { publishedAt: sql`a.published_at`, id: sql`a.id` })}
        LIMIT ${page.limit} OFFSET ${page.offset}) page
      JOIN articles a ON a.id = page.id ${articleJoins(profiles)}) p ON true
    ORDER BY ${articleOrder(sql`p.rank`, { publishedAt: sql`p."publishedAt"`, id: sql`p.id` })}`);
}

/** A list row: the count of all matches, and an article unless no article matches. */
export const articleListRow = rowMapper<{ count: number; article: ArticleRow | null }>(
  'article list',
  (row) => ({ count: row.int('count'), article: row.isNull('id') ? null : readArticle(row) }),
);
