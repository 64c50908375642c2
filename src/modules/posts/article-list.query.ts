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
import {
  ARTICLE_COUNT_CAP,
  cappedCount,
  keptCount,
  keptCountOfAuthors,
} from './article-count.query';
import { tagNamed } from './tag.query';
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

// The tag's id as a scalar subquery, not a join: half the planning time of the join form.
const tagId = (name: string) => sql`(SELECT t.id FROM tags t WHERE ${tagNamed(name)})`;

/**
 * A published search ranks only the matches among the recent tier (the newest published articles,
 * `articles.search_recent`) when it holds at least this many; otherwise every match, as a draft search
 * always does. Ten pages of twenty: a broad word is then answered from a few hundred recent rows.
 */
export const RECENT_SEARCH_MIN_MATCHES = 200;

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
  users: Pick<ProfileSql, 'idByUsername' | 'activeIdByUsername' | 'followeeIds'>,
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
    // A deactivated user's favorites are hidden with their profile.
    const userId = users.activeIdByUsername(filter.favoritedBy);
    where.push(sql`a.id IN (SELECT f.article_id FROM favorites f WHERE f.user_id = ${userId})`);
  }
  if (filter.tag !== undefined) {
    where.push(
      sql`a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = ${tagId(filter.tag)})`,
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
export function articleOrder(rank: Sql | undefined, row: SortKey): Sql {
  const newest = sql`${row.publishedAt} DESC, ${row.id} DESC`;
  return rank === undefined ? newest : sql`${rank} DESC, ${newest}`;
}

/** Where a page starts: after the row with this sort key (a previous page's last row). */
export interface ArticleCursor {
  /** The rank the row was selected with, when searching. */
  rank?: number;
  /** Its publication time to the microsecond (ISO 8601, UTC), or null for a draft. */
  publishedAt: string | null;
  id: number;
  /**
   * A published search's later pages rank the matches published by the time its first page was read
   * (the newest publication time then, written as publishedAt is): articles published since do not
   * shift the set of matches under the reader, which would repeat or skip a row. The newest
   * publication, not the clock: the first page stays the same answer (and ETag) until one.
   */
  asOf?: string;
}

/** A page: `limit` rows from `offset`, or after `after` (a cursor). */
export interface ArticlePage {
  limit: number;
  offset: number;
  after?: ArticleCursor;
}

/** A row's publication time as a cursor keeps it: to the microsecond, which a JS Date is not. */
const cursorTime = (column: Sql) =>
  sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The columns a list is ordered by (after its rank, when searching). */
interface SortKey {
  publishedAt: Sql;
  id: Sql;
}

/** The rows after the cursor `after` in the order articleOrder gives. */
function afterCursor(
  filter: ArticleFilter,
  rank: Sql | undefined,
  key: SortKey,
  after: ArticleCursor,
): Sql {
  // A list has one status: drafts have no date, so their order is by id alone.
  const dated = filter.status !== 'draft' && after.publishedAt !== null;
  const columns = [...(rank ? [rank] : []), ...(dated ? [key.publishedAt] : []), key.id];
  const values = [
    ...(rank ? [sql`${after.rank ?? 0}::real`] : []),
    ...(dated ? [sql`${after.publishedAt}::timestamptz`] : []),
    sql`${after.id}::int`,
  ];
  return sql`(${joinSql(columns, ', ')}) < (${joinSql(values, ', ')})`;
}

/**
 * The count of a list from the counters the database keeps (see ArticleCount), when one counter or
 * the per-author counters of the followees answer it exactly for this reader; undefined otherwise.
 */
function keptListCount(
  filter: ArticleFilter,
  reader: Reader | undefined,
  readerId: Param<number | null>,
  users: Pick<ProfileSql, 'idByUsername' | 'followeeIds'>,
): Sql | undefined {
  if (filter.q !== undefined || filter.favoritedBy !== undefined) return undefined;
  const seesAll = visibleWhere('a', reader, readerId, { status: filter.status }) === null;
  if (!seesAll && !(reader && filter.authorId === reader.id)) return undefined;
  const { status } = filter;
  const scopes: Sql[] = [];
  if (filter.tag !== undefined) {
    scopes.push(keptCount('tag', status, tagId(filter.tag)));
  }
  if (filter.authorId !== undefined) scopes.push(keptCount('author', status, filter.authorId));
  if (filter.author !== undefined) {
    scopes.push(keptCount('author', status, users.idByUsername(filter.author)));
  }
  if (filter.category !== undefined) {
    const category = sql`(SELECT c.id FROM categories c WHERE c.slug = ${filter.category})`;
    scopes.push(keptCount('category', status, category));
  }
  if (filter.followedBy !== undefined) {
    scopes.push(keptCountOfAuthors(status, users.followeeIds(filter.followedBy)));
  }
  if (scopes.length > 1) return undefined;
  return scopes[0] ?? keptCount('site', status, 0);
}

/**
 * A page of articles (no body) and how many match in all, as one statement. The count comes from the
 * kept counters when they answer it, otherwise it is counted up to ARTICLE_COUNT_CAP. The page's ids
 * are found first, so tags, favorites and profiles are computed for its rows only: with OFFSET,
 * PostgreSQL would otherwise compute them for every skipped row too. One row more than the page is
 * fetched: whether it exists says whether there is a next page.
 */
export function articleListQuery(
  filter: ArticleFilter,
  reader: Reader | undefined,
  page: ArticlePage,
  profiles: ProfileSql,
): SqlStatement {
  const readerId = param(reader?.id ?? null);
  const columns = articleColumns(readerId, false, profiles);
  const conditions = articleConditions(filter, reader, readerId, profiles);
  // One fragment in both places: its parameters are bound once.
  const where = joinSql(conditions, ' AND ');
  const kept = keptListCount(filter, reader, readerId, profiles);
  // When a published search's first page was read (drafts have no publication time, and an author's
  // own are few): the bound of its later pages.
  const asOf =
    filter.status === 'published' && page.after?.asOf !== undefined
      ? param(page.after.asOf)
      : undefined;
  // A search ranks the newest ARTICLE_COUNT_CAP matches, of the recent tier when it holds enough
  // (RECENT_SEARCH_MIN_MATCHES), of the whole index otherwise: ranking costs the same whatever a broad
  // query matches in a million articles. They are read once, as the newest cap + 1 (id, date, rank)
  // rows, which both the capped count and the page read: every match read is a heap visit.
  const searched = articleRank(filter);
  const rank = searched && sql`a.rank`;
  // A tag's page is read in order from its links, which carry their article's status and date.
  const byTag = searched ? undefined : filter.tag;
  const key: SortKey =
    byTag !== undefined
      ? { publishedAt: sql`at.article_published_at`, id: sql`at.article_id` }
      : { publishedAt: sql`a.published_at`, id: sql`a.id` };
  let rows: Sql;
  let matches: Sql | undefined;
  // Whether the count covers the recent tier only (at least that many match in all).
  let partial: Sql = sql`false`;
  if (searched) {
    const bound = asOf === undefined ? sql`` : sql` AND a.published_at <= ${asOf}::timestamptz`;
    const newest = (tier: Sql) => sql`SELECT a.id, a.published_at, ${searched}::real AS rank
        FROM articles a WHERE ${where}${bound}${tier}
        ORDER BY a.published_at DESC, a.id DESC LIMIT ${ARTICLE_COUNT_CAP + 1}`;
    if (filter.status === 'published') {
      // The whole index is read only when the recent tier holds too few matches: the branch's condition
      // is a one-time filter, so otherwise its scan never runs.
      const enough = sql`(SELECT count(*) FROM recent) >= ${RECENT_SEARCH_MIN_MATCHES}`;
      matches = sql`WITH recent AS MATERIALIZED (${newest(sql` AND a.search_recent`)}),
        matches AS MATERIALIZED (
          SELECT * FROM recent WHERE ${enough}
          UNION ALL (${newest(sql` AND NOT ${enough}`)}))
        `;
      partial = enough;
    } else {
      matches = sql`WITH matches AS MATERIALIZED (${newest(sql``)})
        `;
    }
    rows = sql`(SELECT m.id, m.published_at, m.rank FROM matches m
        ORDER BY m.published_at DESC, m.id DESC LIMIT ${ARTICLE_COUNT_CAP}) a`;
  } else if (byTag !== undefined) {
    const others = articleConditions({ ...filter, tag: undefined }, reader, readerId, profiles);
    rows = sql`article_tags at JOIN articles a ON a.id = at.article_id
        WHERE at.tag_id = ${tagId(byTag)} AND at.article_status = ${filter.status} AND ${joinSql(others, ' AND ')}`;
  } else {
    rows = sql`articles a WHERE ${where}`;
  }
  const after = page.after && afterCursor(filter, rank, key, page.after);
  const source = after ? sql`${rows} ${rank ? sql`WHERE` : sql`AND`} ${after}` : rows;
  const count = kept ?? (matches ? sql`(SELECT count(*)::int FROM matches)` : cappedCount(where));
  // A published search answers the newest publication time when its first page was read (asOf),
  // which the cursors of its next pages carry.
  const asOfTime =
    searched && filter.status === 'published'
      ? cursorTime(
          asOf === undefined
            ? sql`(SELECT max(l.published_at) FROM articles l WHERE l.status = ${filter.status})`
            : sql`${asOf}::timestamptz`,
        )
      : undefined;
  return statement(sql`${matches ?? sql``}SELECT n.count, n.kept, n.partial${asOfTime ? sql`, n."asOf"` : sql``}, p.* FROM (SELECT ${count} AS count, ${kept ? sql`true` : sql`false`} AS kept, ${partial} AS partial${asOfTime ? sql`, ${asOfTime} AS "asOf"` : sql``}) n
    LEFT JOIN LATERAL (
      SELECT ${columns}, page.rank, ${cursorTime(sql`a.published_at`)} AS "cursorAt" FROM (
        SELECT a.id, ${rank ?? sql`0`}::real AS rank FROM ${source}
        ORDER BY ${articleOrder(rank && sql`rank`, key)}
        LIMIT ${page.limit + 1} OFFSET ${page.offset}) page
      JOIN articles a ON a.id = page.id ${articleJoins(profiles)}) p ON true
    ORDER BY ${articleOrder(sql`p.rank`, { publishedAt: sql`p."publishedAt"`, id: sql`p.id` })}`);
}

/** A listed article and the sort key a cursor after it holds. */
export interface ListedArticle {
  article: ArticleRow;
  key: ArticleCursor;
}

/** A list row: the count of all matches, and an article unless no article matches. */
export const articleListRow = rowMapper<{
  count: number;
  /** From the kept counters: exact. */
  kept: boolean;
  /** Counted over search's recent tier only: at least this many. */
  partial: boolean;
  listed: ListedArticle | null;
}>('article list', (row) => ({
  count: row.int('count'),
  kept: row.boolean('kept'),
  partial: row.boolean('partial'),
  listed: row.isNull('id')
    ? null
    : {
        article: readArticle(row),
        key: {
          rank: row.number('rank'),
          publishedAt: row.nullableString('cursorAt'),
          id: row.int('id'),
          ...(row.has('asOf') && !row.isNull('asOf') ? { asOf: row.string('asOf') } : {}),
        },
      },
}));
