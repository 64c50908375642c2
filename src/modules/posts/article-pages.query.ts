import { Sql, sql, SqlStatement, statement } from '../../../libs/database/sql';
import { rowMapper, SqlRow } from '../../../libs/database/sql-row';
import { PublicAuthorSql } from '../profiles/public-author.sql';
import { COVER_COLUMNS, readCover } from './article.sql';
import { tagNamed } from './tag.query';
import { ArticleListOwner, ArticleSummary, PublishedArticle } from './article-pages.types';

/**
 * The statements of the public site's pages: one per page. Public means published (not a draft, not
 * scheduled) and written by an active author; anything else does not exist for these pages.
 */

// Each tag by its primary key, as in article.sql.ts.
const TAG_NAMES = sql`ARRAY(SELECT (SELECT t.name FROM tags t WHERE t.id = at.tag_id) FROM article_tags at WHERE at.article_id = a.id ORDER BY 1) AS tags`;

/** The published article `slug` with its author, tags and category; no row when it is not public. */
export function publishedArticleQuery(
  key: { slug: string } | { id: number },
  authors: PublicAuthorSql,
): SqlStatement {
  const where = 'slug' in key ? sql`a.slug = ${key.slug}` : sql`a.id = ${key.id}`;
  return statement(sql`SELECT a.slug, a.title, a.description, a.body, ${COVER_COLUMNS},
      COALESCE(a.published_at, a.created_at) AS "publishedAt", a.updated_at AS "updatedAt",
      ${TAG_NAMES}, c.slug AS "categorySlug", c.name AS "categoryName", ${authors.columns('au')}
    FROM articles a ${authors.join('au', sql`a.author_id`)}
    LEFT JOIN categories c ON c.id = a.category_id
    WHERE ${where} AND a.status = 'published'`);
}

export const publishedArticleRow = rowMapper<PublishedArticle>('published article', (row) => ({
  slug: row.string('slug'),
  title: row.string('title'),
  description: row.string('description'),
  body: row.string('body'),
  ...readCover(row),
  publishedAt: row.date('publishedAt'),
  updatedAt: row.date('updatedAt'),
  tags: row.strings('tags'),
  category: row.isNull('categorySlug')
    ? null
    : { slug: row.string('categorySlug'), name: row.string('categoryName') },
  author: {
    username: row.string('authorUsername'),
    bio: row.nullableString('authorBio'),
    image: row.nullableString('authorImage'),
  },
}));

/**
 * What owns a list, as a FROM item `o` (id, key, name, about, image) with at most one row, and which
 * of the articles `a` belong to it. No row: no such (active) author, tag or category.
 */
function listOwner(owner: ArticleListOwner, authors: PublicAuthorSql): { from: Sql; where: Sql } {
  switch (owner.kind) {
    case 'home':
      return {
        from: sql`(SELECT NULL::int AS id, NULL::text AS key, NULL::text AS name, NULL::text AS about, NULL::text AS image) o`,
        where: sql`true`,
      };
    case 'author':
      return {
        from: sql`(SELECT p.id, p.username AS key, p.username AS name, p.bio AS about, p.image FROM ${authors.byUsername(owner.username)} p) o`,
        where: sql`a.author_id = o.id`,
      };
    case 'tag':
      return {
        from: sql`(SELECT t.id, t.name AS key, t.name, NULL::text AS about, NULL::text AS image FROM tags t WHERE ${tagNamed(owner.tag)}) o`,
        where: sql`a.id IN (SELECT at.article_id FROM article_tags at WHERE at.tag_id = o.id)`,
      };
    case 'category':
      return {
        from: sql`(SELECT c.id, c.slug AS key, c.name, c.description AS about, NULL::text AS image FROM categories c WHERE c.slug = ${owner.slug}) o`,
        where: sql`a.category_id = o.id`,
      };
  }
}

/**
 * The owner of a list page and its newest `limit` public articles, newest first, in one statement:
 * no row when the owner does not exist, one row with no article when it has none.
 */
export function articleListPageQuery(
  owner: ArticleListOwner,
  limit: number,
  authors: PublicAuthorSql,
): SqlStatement {
  const { from, where } = listOwner(owner, authors);
  return statement(sql`SELECT o.key, o.name, o.about, o.image, l.* FROM ${from}
    LEFT JOIN LATERAL (
      SELECT a.id, a.published_at, a.slug, a.title, a.description,
        COALESCE(a.published_at, a.created_at) AS "publishedAt", au.username AS "authorUsername"
      FROM articles a ${authors.join('au', sql`a.author_id`)}
      WHERE a.status = 'published' AND ${where}
      ORDER BY a.published_at DESC, a.id DESC LIMIT ${limit}) l ON true
    ORDER BY l.published_at DESC, l.id DESC`);
}

function readSummary(row: SqlRow): ArticleSummary | null {
  if (row.isNull('slug')) return null;
  return {
    slug: row.string('slug'),
    title: row.string('title'),
    description: row.string('description'),
    publishedAt: row.date('publishedAt'),
    authorUsername: row.string('authorUsername'),
  };
}

export const articleListPageRow = rowMapper('article list page', (row) => ({
  key: row.nullableString('key'),
  name: row.nullableString('name'),
  about: row.nullableString('about'),
  image: row.nullableString('image'),
  article: readSummary(row),
}));
