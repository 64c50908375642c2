import { ARTICLE_COLUMNS } from './queries';

/** Folio's ARTICLE_COUNT_CAP: a list no counter answers is counted up to this many, then "at least". */
export const COUNT_CAP = 10_000;

/** Folio's RECENT_SEARCH_MIN_MATCHES: a search ranks the recent tier's matches when it holds this many. */
const RECENT_MIN = 200;

const SEARCH = (p: string) =>
  `(websearch_to_tsquery('english', ${p}) || websearch_to_tsquery('russian', ${p}))`;

/** A publication time to the microsecond, as Folio's cursors carry it (a JS Date has milliseconds). */
const cursorTime = (time: string) =>
  `to_char(${time} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const CURSOR_TIME = cursorTime('a.published_at');
/** A search's first page: the newest publication time, the bound its later pages carry (Folio's asOf). */
const NEWEST_PUBLICATION = `(SELECT max(l.published_at) FROM articles l WHERE l.status = 'published')`;

/** The kept count of published articles in one counter scope (the sum over its shards). */
const kept = (scope: string, key: string) =>
  `(SELECT COALESCE(sum(k.n), 0)::int FROM article_counts k
    WHERE k.scope = '${scope}' AND k.status = 'published' AND k.key ${key})`;

export interface ListFilter {
  tag?: string;
  author?: string;
  favorited?: string;
  category?: string;
  q?: string;
  feed?: boolean;
}

/** The sort key of a previous page's last row: the page is the rows after it. */
export interface ListCursor {
  rank?: number;
  publishedAt: string;
  id: number;
  /** A search's later pages: the matches published by the time its first page was read. */
  asOf?: string;
}

export interface ListPage {
  limit: number;
  offset: number;
  after?: ListCursor;
}

/**
 * The count and the page (one row more, to know whether a next page exists) in one statement, as
 * Folio's articleListQuery: $1 reader, then the filters, the cursor, limit and offset. `counted`:
 * the count comes from the kept counters (exact), otherwise it is capped at COUNT_CAP + 1.
 */
export function listQuery(filter: ListFilter, readerId: number | null, page: ListPage) {
  const values: unknown[] = [readerId];
  const add = (value: unknown) => `$${values.push(value)}`;
  const where = [`a.status = 'published'`];
  const scopes: string[] = [];
  if (filter.feed) {
    const followees = `(SELECT followee_id FROM follows WHERE follower_id = $1)`;
    where.push(`a.author_id IN ${followees}`);
    scopes.push(kept('author', `IN ${followees}`));
  }
  if (filter.author !== undefined) {
    const author = `(SELECT id FROM users WHERE lower(username) = lower(${add(filter.author)}))`;
    where.push(`a.author_id = ${author}`);
    scopes.push(kept('author', `= ${author}`));
  }
  if (filter.favorited !== undefined) {
    where.push(`a.id IN (SELECT article_id FROM favorites WHERE user_id =
                         (SELECT id FROM users WHERE lower(username) = lower(${add(filter.favorited)})))`);
  }
  let tag: string | undefined;
  if (filter.tag !== undefined) {
    // Tags are one by their key, as Folio's (tag.query.ts): its unique index serves the lookup.
    tag = `(SELECT id FROM tags WHERE lower(translate(name, 'ς', 'σ')) = lower(translate(${add(filter.tag)}::varchar, 'ς', 'σ')))`;
    scopes.push(kept('tag', `= ${tag}`));
  }
  if (filter.category !== undefined) {
    const category = `(SELECT id FROM categories WHERE slug = ${add(filter.category)})`;
    where.push(`a.category_id = ${category}`);
    scopes.push(kept('category', `= ${category}`));
  }
  let rank: string | undefined;
  if (filter.q !== undefined) {
    const q = add(filter.q);
    where.push(`a.search_vector @@ ${SEARCH(q)}`);
    rank = `ts_rank(a.search_vector, ${SEARCH(q)})`;
  }
  // The tag filters the count once; a tag's page is read in order from its links, which carry
  // their article's status and date, as Folio does.
  const others = where.join(' AND ');
  const conditions = tag
    ? `${others} AND a.id IN (SELECT article_id FROM article_tags WHERE tag_id = ${tag})`
    : others;
  const byTag = tag !== undefined && rank === undefined;
  const key = byTag ? ['at.article_published_at', 'at.article_id'] : ['a.published_at', 'a.id'];
  const counted = filter.q === undefined && filter.favorited === undefined && scopes.length < 2;
  // A search reads its newest COUNT_CAP + 1 matches once, for the capped count and the page, as Folio does:
  // those of the recent tier when it holds RECENT_MIN, otherwise those of the whole index.
  const asOf = rank && page.after?.asOf !== undefined ? add(page.after.asOf) : undefined;
  const bound = asOf ? ` AND a.published_at <= ${asOf}::timestamptz` : '';
  const newest = (tier: string) =>
    `SELECT a.id, a.published_at, ${rank}::real AS rank FROM articles a WHERE ${conditions}${bound}${tier}
     ORDER BY a.published_at DESC, a.id DESC LIMIT ${COUNT_CAP + 1}`;
  const enough = `(SELECT count(*) FROM recent) >= ${RECENT_MIN}`;
  const matches = rank
    ? `WITH recent AS MATERIALIZED (${newest(' AND a.search_recent')}),
       matches AS MATERIALIZED (
         SELECT * FROM recent WHERE ${enough} UNION ALL (${newest(` AND NOT ${enough}`)}))`
    : '';
  const count = counted
    ? (scopes[0] ?? kept('site', '= 0'))
    : rank
      ? '(SELECT count(*)::int FROM matches)'
      : `(SELECT count(*)::int FROM (SELECT 1 FROM articles a WHERE ${conditions} LIMIT ${COUNT_CAP + 1}) capped)`;
  // A search ranks the newest COUNT_CAP matches only (the rows its capped count counts), as Folio does,
  // sorting (id, date, rank) rows, never the search vectors.
  let source = rank
    ? `(SELECT m.id, m.published_at, m.rank FROM matches m
        ORDER BY m.published_at DESC, m.id DESC LIMIT ${COUNT_CAP}) a`
    : byTag
      ? `article_tags at JOIN articles a ON a.id = at.article_id
         WHERE at.tag_id = ${tag} AND at.article_status = 'published' AND ${others}`
      : `articles a WHERE ${conditions}`;
  if (page.after) {
    const { after } = page;
    const columns = [...(rank ? ['a.rank'] : []), ...key];
    const keys = [
      ...(rank ? [`${add(after.rank ?? 0)}::real`] : []),
      `${add(after.publishedAt)}::timestamptz`,
      `${add(after.id)}::int`,
    ];
    source += ` ${rank ? 'WHERE' : 'AND'} (${columns.join(', ')}) < (${keys.join(', ')})`;
  }
  // Best match first when searching (rank is 0 otherwise), then newest publication first. The page's ids are
  // found first: the columns (tags, favorite, profile) are then computed for its rows, not offset + limit.
  const text = `${matches}
    SELECT n.count, n.partial, n.as_of, p.* FROM (SELECT ${count} AS count, ${rank ? enough : 'false'} AS partial,
      ${rank ? cursorTime(asOf ? `${asOf}::timestamptz` : NEWEST_PUBLICATION) : 'NULL'} AS as_of) n
    LEFT JOIN LATERAL (
      SELECT ${ARTICLE_COLUMNS(false)}, page.rank, ${CURSOR_TIME} AS cursor_at
      FROM (SELECT a.id, ${rank ? 'a.rank' : '0'}::real AS rank FROM ${source}
            ORDER BY ${rank ? 'rank DESC, ' : ''}${key[0]} DESC, ${key[1]} DESC
            LIMIT ${add(page.limit + 1)} OFFSET ${add(page.offset)}) page
      JOIN articles a ON a.id = page.id JOIN users u ON u.id = a.author_id
      LEFT JOIN categories c ON c.id = a.category_id) p ON true
    ORDER BY p.rank DESC, p.published_at DESC, p.id DESC`;
  return { text, values, counted };
}
