import {
  identifier,
  joinSql,
  param,
  Param,
  prepared,
  Sql,
  sql,
  SqlStatement,
} from '../../../libs/database/sql';
import { rowMapper, SqlRow } from '../../../libs/database/sql-row';
import { ProfileColumns, ProfileSql, readProfileColumns } from '../profiles/profile.sql';
import { ARTICLE_STATUSES, ArticleStatus } from './article.entity';
import { ArticleCover } from './article-cover.types';
import { insertTagsSql, tagsNamed } from './tag.query';
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

/** An article `a`'s cover, what it shows and its caption, as `readCover` reads them. */
export const COVER_COLUMNS = sql`a.cover_image AS "coverImage", a.cover_image_alt AS "coverImageAlt",
    a.cover_image_caption AS "coverImageCaption"`;

export function readCover(row: SqlRow): ArticleCover {
  return {
    coverImage: row.nullableString('coverImage'),
    coverImageAlt: row.nullableString('coverImageAlt'),
    coverImageCaption: row.nullableString('coverImageCaption'),
  };
}

/**
 * The columns of an article `a` as the API shows it, tags, the reader's favorite and the author's
 * profile included, so a page is one statement whatever its size. Needs `articleJoins`.
 */
export function articleColumns(
  readerId: Param<number | null>,
  withBody: boolean,
  profiles: ProfileSql,
  favorite: FavoriteColumns = {
    count: sql`a.favorites_count AS "favoritesCount"`,
    favorited: articleFavorited(readerId),
  },
): Sql {
  return sql`a.id, a.slug, a.title, a.description, ${withBody ? sql`a.body, a.newsletter, ` : sql``}a.status,
    a.published_at AS "publishedAt", a.created_at AS "createdAt", a.updated_at AS "updatedAt",
    ${favorite.count}, a.author_id AS "authorId", c.slug AS category,
    ${COVER_COLUMNS}, ${ARTICLE_TAGS}, ${favorite.favorited}, ${profiles.columns('au', sql`a.author_id`, readerId)}`;
}

/** How an article's favorites count and the reader's favorite are read (articleColumns). */
interface FavoriteColumns {
  count: Sql;
  favorited: Sql;
}

// Each tag by its primary key: as a join, PostgreSQL hashes the whole tags table for every article.
const ARTICLE_TAGS = sql`ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) AS name FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS "tagList"`;

function favoritedBy(readerId: Param<number | null>): Sql {
  return sql`EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = ${readerId})`;
}

function articleFavorited(readerId: Param<number | null>): Sql {
  return sql`${favoritedBy(readerId)} AS favorited`;
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

/**
 * The articles `ids` (distinct) that `reader` may see, as a list shows them (no body), in the order of
 * `ids`: one statement, for a module that keeps article ids of its own (ArticlesService.summaries).
 */
export function articlesByIdQuery(
  ids: readonly number[],
  reader: Reader | undefined,
  profiles: ProfileSql,
): SqlStatement {
  const readerId = param<number | null>(reader?.id ?? null);
  const visible = visibleWhere('a', reader, readerId);
  return prepared(sql`SELECT ${articleColumns(readerId, false, profiles)}
    FROM unnest(${[...ids]}::int[]) WITH ORDINALITY AS given(id, n)
    JOIN articles a ON a.id = given.id ${articleJoins(profiles)}
    ${visible ? sql`WHERE ${visible}` : sql``}
    ORDER BY given.n`);
}

/**
 * Favorites (`favorite` true) or unfavorites the article `slug` for `reader` and returns it as they now
 * see it, in one statement; no row when they may not see it. Favoriting twice changes nothing.
 * The statement reads the article and the favorite as they were before it (the favorites trigger moves
 * favorites_count after): the count moves by one when the favorite was not there before (or was),
 * whether this statement or a concurrent double submit of the same reader made the change.
 */
export function favoriteQuery(
  slug: string,
  reader: Reader,
  favorite: boolean,
  profiles: ProfileSql,
): SqlStatement {
  const readerId = param<number | null>(reader.id);
  const change = favorite
    ? sql`INSERT INTO favorites (user_id, article_id) SELECT ${readerId}, t.id FROM target t
        ON CONFLICT (user_id, article_id) DO NOTHING`
    : sql`DELETE FROM favorites f USING target t WHERE f.user_id = ${readerId} AND f.article_id = t.id`;
  const counted = favorite
    ? {
        count: sql`a.favorites_count + (NOT ${favoritedBy(readerId)})::integer AS "favoritesCount"`,
        favorited: sql`true AS favorited`,
      }
    : {
        count: sql`a.favorites_count - (${favoritedBy(readerId)})::integer AS "favoritesCount"`,
        favorited: sql`false AS favorited`,
      };
  return prepared(sql`WITH target AS (SELECT v.id FROM ${ARTICLE_SQL.visible('v', slug, reader, readerId)}),
    changed AS (${change})
    SELECT ${articleColumns(readerId, true, profiles, counted)}
    FROM target JOIN articles a ON a.id = target.id ${articleJoins(profiles)}`);
}

export interface NewArticle extends ArticleCover {
  title: string;
  description: string;
  body: string;
  /** Mailed to the newsletter's subscribers when first published. */
  newsletter: boolean;
  status: ArticleStatus;
  /** A scheduled article's time, or the date chosen for a published one (null: now); null for a draft. */
  publishedAt: Date | null;
  authorId: number;
  categoryId: number | null;
  /** The author chose the slug (it then stays when the title changes). */
  slugChosen: boolean;
}

/**
 * Creates the tags that are new, inserts the article with its tags and returns it as the API shows it,
 * in one statement; no row when `slug` is taken (ON CONFLICT DO NOTHING keeps the transaction usable).
 * A tag that a concurrent transaction creates and commits while this one runs is seen by neither
 * branch of `tagged` (this statement's snapshot predates it): its "tagList" then lacks it, and the
 * caller links the missing tags in a statement of its own (TagsRepository.linkTags).
 */
export function insertArticleQuery(
  data: NewArticle,
  slug: string,
  tags: readonly string[],
  profiles: ProfileSql,
): SqlStatement {
  const status = param(data.status);
  const authorId = param<number | null>(data.authorId);
  const publishedAt = param<Date | null>(data.publishedAt);
  const tagNames = param(tags);
  return prepared(sql`WITH new_tags AS (
      ${insertTagsSql(tagNames)}
      RETURNING id, name),
    tagged AS (
      SELECT id, name FROM new_tags
      UNION ALL SELECT t.id, t.name FROM tags t WHERE ${tagsNamed(tagNames)}),
    a AS (
      INSERT INTO articles (slug, slug_chosen, title, description, body, newsletter, cover_image, cover_image_alt, cover_image_caption, status, published_at, author_id, category_id)
      VALUES (${slug}, ${data.slugChosen}, ${data.title}, ${data.description}, ${data.body}, ${data.newsletter}, ${data.coverImage}, ${data.coverImageAlt}, ${data.coverImageCaption}, ${status},
              CASE ${status}::varchar WHEN 'published' THEN COALESCE(${publishedAt}::timestamptz, CURRENT_TIMESTAMP)
                                      WHEN 'scheduled' THEN ${publishedAt}::timestamptz END,
              ${authorId}, ${data.categoryId})
      -- Taken as another's slug or first slug (its feed id): no row, and the caller tries another.
      ON CONFLICT DO NOTHING RETURNING *),
    linked AS (
      INSERT INTO article_tags (article_id, tag_id)
      SELECT a.id, t.id FROM a, tagged t RETURNING tag_id)
    SELECT a.id, a.slug, a.title, a.description, a.body, a.newsletter, a.status,
           a.published_at AS "publishedAt", a.created_at AS "createdAt",
           a.updated_at AS "updatedAt", a.favorites_count AS "favoritesCount",
           a.author_id AS "authorId", c.slug AS category, ${COVER_COLUMNS},
           ARRAY(SELECT t.name FROM tagged t WHERE t.id IN (SELECT tag_id FROM linked)
                 ORDER BY t.name) AS "tagList",
           false AS favorited, ${profiles.columns('au', sql`a.author_id`, authorId)}
    FROM a ${articleJoins(profiles)}`);
}

/** The columns a single article's statement reads beside a list's, both or neither. */
export interface ArticleBodyColumns {
  body: string;
  /** Whether it is mailed to the newsletter's subscribers when first published. */
  newsletter: boolean;
}

/** One article row as the statements above return it: a list's, or a single article's with its body. */
export type ArticleRow = ArticleListColumns &
  (ArticleBodyColumns | { body?: undefined; newsletter?: undefined });

/** What every article row has. */
interface ArticleListColumns extends ProfileColumns, ArticleCover {
  id: number;
  slug: string;
  title: string;
  description: string;
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

/** Reads an article row; `body` only when the statement selected it (a list does not). */
export function readArticle(row: SqlRow): ArticleRow {
  const columns: ArticleListColumns = {
    id: row.int('id'),
    slug: row.string('slug'),
    title: row.string('title'),
    description: row.string('description'),
    status: row.oneOf('status', ARTICLE_STATUSES),
    publishedAt: row.nullableDate('publishedAt'),
    createdAt: row.date('createdAt'),
    updatedAt: row.date('updatedAt'),
    favoritesCount: row.int('favoritesCount'),
    authorId: row.int('authorId'),
    category: row.nullableString('category'),
    ...readCover(row),
    tagList: row.strings('tagList'),
    favorited: row.boolean('favorited'),
    ...readProfileColumns(row),
  };
  if (!row.has('body')) return columns;
  return { ...columns, body: row.string('body'), newsletter: row.boolean('newsletter') };
}

export const articleRow = rowMapper('article', readArticle);
