import { ArticleStatus } from './article.entity';

/** What a list of articles is filtered by, already resolved to ids where another module owns the name. */
export interface ArticleFilter {
  status: ArticleStatus;
  tag?: string;
  /** null: the author named in the request does not exist, so nothing matches. */
  authorId?: number | null;
  authorIds?: readonly number[];
  favoritedBy?: number | null;
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
): string[] {
  const where = [`a.status = ${params.add(filter.status)}`];
  // Drafts are visible to their author and to superusers only.
  if (filter.status === 'draft' && !reader?.isSuperuser) {
    where.push(`a.author_id = ${params.add(reader?.id ?? null)}`);
  }
  if (filter.authorId !== undefined) where.push(`a.author_id = ${params.add(filter.authorId)}`);
  if (filter.authorIds) where.push(`a.author_id = ANY(${params.add(filter.authorIds)}::int[])`);
  if (filter.favoritedBy !== undefined) {
    where.push(
      `a.id IN (SELECT f.article_id FROM favorites f WHERE f.user_id = ${params.add(filter.favoritedBy)})`,
    );
  }
  if (filter.tag !== undefined) {
    where.push(
      `a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = ${params.add(filter.tag)})`,
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

/** Best match first when searching, otherwise newest first. */
export function articleOrder(filter: ArticleFilter, params: SqlParams): string {
  if (filter.q === undefined) return 'a.id DESC';
  return `ts_rank(a.search_vector, ${SEARCH_QUERY(params.add(filter.q))}) DESC, a.id DESC`;
}

/**
 * The columns of an article as the API shows it, tags and the reader's favorite included, so a page is
 * one statement whatever its size.
 */
export function articleColumns(readerParam: string, withBody: boolean): string {
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
    `ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id ORDER BY t.name) AS "tagList"`,
    `EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = ${readerParam}) AS favorited`,
  ].join(', ');
}

/** One article row as the queries above return it. */
export interface ArticleRow {
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
