import {
  identifier,
  joinSql,
  param,
  Param,
  prepared,
  Sql,
  sql,
  SqlStatement,
  statement,
} from '../../../libs/database/sql';
import { rowMapper, SqlRow } from '../../../libs/database/sql-row';
import { ProfileColumns, ProfileSql, readProfileColumns } from '../profiles/profile.sql';
import { ARTICLE_STATUSES, ArticleStatus } from './article.entity';
import { Reader, visibleWhere } from './article-visibility';

export type { Reader } from './article-visibility';

/**
 * The posts module's SQL: what other modules embed to reach an article in their own statements
 * (comments: the article and its comments in one statement), and the columns and rows of an article as
 * the API shows it. The knowledge of the posts tables and of who may see an article stays here.
 */
export interface ArticleSql {
  /**
   * A FROM item `alias` with the id of the article `slug` names: one row when `reader` (whose id
   * `readerId` binds) may see it, none otherwise.
   */
  visible(
    alias: string,
    slug: string,
    reader: Reader | undefined,
    readerId: Param<number | null>,
  ): Sql;
}

export const ARTICLE_SQL: ArticleSql = {
  visible: (alias, slug, reader, readerId) => {
    const where = [sql`va.slug = ${slug}`];
    const visible = visibleWhere('va', reader, readerId);
    if (visible) where.push(visible);
    return sql`(SELECT va.id FROM articles va WHERE ${joinSql(where, ' AND ')}) ${identifier(alias)}`;
  },
};

/**
 * The columns of an article `a` as the API shows it, tags, the reader's favorite and the author's
 * profile included, so a page is one statement whatever its size. Needs `articleJoins`.
 */
export function articleColumns(
  readerId: Param<number | null>,
  withBody: boolean,
  profiles: ProfileSql,
): Sql {
  return sql`a.id, a.slug, a.title, a.description, ${withBody ? sql`a.body, ` : sql``}a.status,
    a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    a.favorites_count AS "favoritesCount", a.author_id AS "authorId", c.slug AS category,
    a.cover_image AS "coverImage", ${ARTICLE_TAGS}, ${articleFavorited(readerId)}, ${profiles.columns('au', sql`a.author_id`, readerId)}`;
}

// Each tag by its primary key: as a join, PostgreSQL hashes the whole tags table for every article.
const ARTICLE_TAGS = sql`ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS "tagList"`;

function articleFavorited(readerId: Param<number | null>): Sql {
  return sql`EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = ${readerId}) AS favorited`;
}

/** The category and the author's profile of `articles a`. */
export function articleJoins(profiles: ProfileSql): Sql {
  return sql`${profiles.join('au', sql`a.author_id`)} LEFT JOIN categories c ON c.id = a.category_id`;
}

/** The article `slug` as the API shows it, body included: one statement. */
export function articleQuery(
  slug: string,
  readerId: number | null,
  profiles: ProfileSql,
): SqlStatement {
  const columns = articleColumns(param(readerId), true, profiles);
  return prepared(
    sql`SELECT ${columns} FROM articles a ${articleJoins(profiles)} WHERE a.slug = ${slug}`,
  );
}

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  coverImage: string | null;
  status: ArticleStatus;
  /** A scheduled article's time; null otherwise (a published one is published now). */
  publishAt: Date | null;
  authorId: number;
  categoryId: number | null;
}

/**
 * Inserts the article with its tags (which must exist) and returns it as the API shows it, in one
 * statement; no row when `slug` is taken (ON CONFLICT DO NOTHING keeps the transaction usable).
 */
export function insertArticleQuery(
  data: NewArticle,
  slug: string,
  tags: readonly string[],
  profiles: ProfileSql,
): SqlStatement {
  const status = param(data.status);
  const authorId = param<number | null>(data.authorId);
  return statement(sql`WITH a AS (
      INSERT INTO articles (slug, title, description, body, cover_image, status, published_at, author_id, category_id)
      VALUES (${slug}, ${data.title}, ${data.description}, ${data.body}, ${data.coverImage}, ${status},
              CASE ${status}::varchar WHEN 'published' THEN CURRENT_TIMESTAMP
                                      WHEN 'scheduled' THEN ${data.publishAt}::timestamptz END,
              ${authorId}, ${data.categoryId})
      ON CONFLICT (slug) DO NOTHING RETURNING *),
    linked AS (
      INSERT INTO article_tags (article_id, tag_id)
      SELECT a.id, t.id FROM a, tags t WHERE t.name = ANY(${tags}::varchar[]) RETURNING tag_id)
    SELECT a.id, a.slug, a.title, a.description, a.body, a.status,
           a.published_at AS "publishedAt", a.created_at AS "createdAt",
           a.updated_at AS "updatedAt", a.favorites_count AS "favoritesCount",
           a.author_id AS "authorId", c.slug AS category, a.cover_image AS "coverImage",
           ARRAY(SELECT t.name FROM tags t WHERE t.id IN (SELECT tag_id FROM linked)
                 ORDER BY t.name) AS "tagList",
           false AS favorited, ${profiles.columns('au', sql`a.author_id`, authorId)}
    FROM a ${articleJoins(profiles)}`);
}

/** One article row as the statements above return it. */
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
  coverImage: string | null;
  tagList: string[];
  favorited: boolean;
}

/** Reads an article row; `body` only when the statement selected it (a list does not). */
export function readArticle(row: SqlRow): ArticleRow {
  return {
    id: row.int('id'),
    slug: row.string('slug'),
    title: row.string('title'),
    description: row.string('description'),
    ...(row.has('body') ? { body: row.string('body') } : {}),
    status: row.oneOf('status', ARTICLE_STATUSES),
    publishedAt: row.nullableDate('publishedAt'),
    createdAt: row.date('createdAt'),
    updatedAt: row.date('updatedAt'),
    favoritesCount: row.int('favoritesCount'),
    authorId: row.int('authorId'),
    category: row.nullableString('category'),
    coverImage: row.nullableString('coverImage'),
    tagList: row.strings('tagList'),
    favorited: row.boolean('favorited'),
    ...readProfileColumns(row),
  };
}

export const articleRow = rowMapper('article', readArticle);
