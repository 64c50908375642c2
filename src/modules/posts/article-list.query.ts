import { ProfileColumns, ProfileSql } from '../profiles/profiles.service';
import { ArticleStatus } from './article.entity';

/**
 * What a list of articles is filtered by. Usernames are resolved inside the statement (with the auth
 * module's SQL), so a list is one statement whatever the filters.
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

export interface Reader {
  id: number;
  isSuperuser: boolean;
}

/** Collects positional parameters as SQL is written. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

const SEARCH_QUERY = (param: string) =>
  `(websearch_to_tsquery('english', ${param}) || websearch_to_tsquery('russian', ${param}))`;

/**
 * The WHERE clause of an article list over `articles a`: each condition is served by an index
 * (status, author, category, the tag and favorite links, the search vector).
 */
export function articleConditions(
  filter: ArticleFilter,
  reader: Reader | undefined,
  params: SqlParams,
  users: Pick<ProfileSql, 'idByUsername' | 'followeeIds'>,
): string[] {
  const where = [`a.status = ${params.add(filter.status)}`];
  // Drafts are visible to their author and to superusers only.
  if (filter.status === 'draft' && !reader?.isSuperuser) {
    where.push(`a.author_id = ${params.add(reader?.id ?? null)}`);
  }
  if (filter.authorId !== undefined) where.push(`a.author_id = ${params.add(filter.authorId)}`);
  if (filter.author !== undefined) {
    where.push(`a.author_id = ${users.idByUsername(params.add(filter.author))}`);
  }
  if (filter.followedBy !== undefined) {
    where.push(`a.author_id IN ${users.followeeIds(params.add(filter.followedBy))}`);
  }
  if (filter.favoritedBy !== undefined) {
    const userId = users.idByUsername(params.add(filter.favoritedBy));
    where.push(`a.id IN (SELECT f.article_id FROM favorites f WHERE f.user_id = ${userId})`);
  }
  if (filter.tag !== undefined) {
    where.push(
      // The tag's id as a scalar subquery, not a join: half the planning time of the join form.
      `a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = (SELECT t.id FROM tags t WHERE t.name = ${params.add(filter.tag)}))`,
    );
  }
  if (filter.category !== undefined) {
    where.push(
      `a.category_id = (SELECT c.id FROM categories c WHERE c.slug = ${params.add(filter.category)})`,
    );
  }
  if (filter.q !== undefined) {
    where.push(`a.search_vector @@ ${SEARCH_QUERY(params.add(filter.q))}`);
  }
  return where;
}

/** How well an article matches the search; undefined when not searching. */
export function articleRank(filter: ArticleFilter, params: SqlParams): string | undefined {
  if (filter.q === undefined) return undefined;
  return `ts_rank(a.search_vector, ${SEARCH_QUERY(params.add(filter.q))})`;
}

/** Best match first when searching, otherwise newest first. */
export function articleOrder(filter: ArticleFilter, params: SqlParams): string {
  const rank = articleRank(filter, params);
  return rank === undefined ? 'a.id DESC' : `${rank} DESC, a.id DESC`;
}

/**
 * The columns of an article as the API shows it, tags, the reader's favorite and the author's profile
 * included, so a page is one statement whatever its size. Needs `articleJoins`.
 */
export function articleColumns(
  readerParam: string,
  withBody: boolean,
  profiles: ProfileSql,
): string {
  return [
    'a.id',
    'a.slug',
    'a.title',
    'a.description',
    ...(withBody ? ['a.body'] : []),
    'a.status',
    'a.published_at AS "publishedAt"',
    'a.created_at AS "createdAt"',
    'a.updated_at AS "updatedAt"',
    'a.favorites_count AS "favoritesCount"',
    'a.author_id AS "authorId"',
    'c.slug AS category',
    // Each tag by its primary key: as a join, PostgreSQL hashes the whole tags table for every article.
    `ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS "tagList"`,
    `EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = ${readerParam}) AS favorited`,
    profiles.columns('au', 'a.author_id', readerParam),
  ].join(', ');
}

/** The category and the author's profile of `articles a`. */
export function articleJoins(profiles: ProfileSql): string {
  return `${profiles.join('au', 'a.author_id')} LEFT JOIN categories c ON c.id = a.category_id`;
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
): { text: string; values: unknown[] } {
  const params = new SqlParams();
  const columns = articleColumns(params.add(reader?.id ?? null), false, profiles);
  const where = articleConditions(filter, reader, params, profiles).join(' AND ');
  const rank = articleRank(filter, params);
  const text = `SELECT n.count, p.* FROM (SELECT COUNT(*)::int AS count FROM articles a WHERE ${where}) n
    LEFT JOIN LATERAL (
      SELECT ${columns}, page.rank FROM (
        SELECT a.id, ${rank ?? '0'} AS rank FROM articles a WHERE ${where}
        ORDER BY ${rank === undefined ? '' : 'rank DESC, '}a.id DESC
        LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}) page
      JOIN articles a ON a.id = page.id ${articleJoins(profiles)}) p ON true
    ORDER BY p.rank DESC, p.id DESC`;
  return { text, values: params.values };
}

/** One article row as the queries above return it. */
export interface ArticleRow extends ProfileColumns {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  status: ArticleStatus;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  favoritesCount: number;
  authorId: number;
  category: string | null;
  tagList: string[];
  favorited: boolean;
}
