import { Sql, sql } from '../../../libs/database/sql';
import { rowMapper } from '../../../libs/database/sql-row';
import { exportedPagesSql } from '../static-pages/static-page.sql';

/*
 * The content export's reads (content-export.ts writes them as a Ghost export): each a page of rows
 * after an id, in id order, so a blog of a million articles streams out in constant memory.
 */

const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'withheld'] as const;

/** An article as the export writes it. */
export const exportedArticle = rowMapper('exported article', (row) => ({
  id: row.int('id'),
  slug: row.string('slug'),
  title: row.string('title'),
  description: row.string('description'),
  body: row.string('body'),
  coverImage: row.nullableString('cover_image'),
  status: row.oneOf('status', ARTICLE_STATUSES),
  publishedAt: row.nullableDate('published_at'),
  keptPublishedAt: row.nullableDate('kept_published_at'),
  authorId: row.int('author_id'),
  createdAt: row.date('created_at'),
  updatedAt: row.date('updated_at'),
}));
export type ExportedArticle = ReturnType<typeof exportedArticle>;

export const articlesAfter = (afterId: number, limit: number): Sql =>
  sql`SELECT id, slug, title, description, body, cover_image, status, published_at, kept_published_at,
      author_id, created_at, updated_at
    FROM articles WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;

/** What an article has beside its text: its author, cover's words, category and tags (by name, as its tagList). */
export const exportedArticleLinks = rowMapper('exported article links', (row) => ({
  id: row.int('id'),
  authorId: row.int('author_id'),
  description: row.string('description'),
  coverImageAlt: row.nullableString('cover_image_alt'),
  coverImageCaption: row.nullableString('cover_image_caption'),
  categoryId: row.isNull('category_id') ? null : row.int('category_id'),
  tagIds: row.strings('tag_ids').map(Number),
}));
export type ExportedArticleLinks = ReturnType<typeof exportedArticleLinks>;

export const articleLinksAfter = (afterId: number, limit: number): Sql =>
  sql`SELECT a.id, a.author_id, a.description, a.cover_image_alt, a.cover_image_caption, a.category_id,
      ARRAY(SELECT at.tag_id::text FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id ORDER BY t.name) AS tag_ids
    FROM articles a WHERE a.id > ${afterId} ORDER BY a.id LIMIT ${limit}`;

/** A static page as the export writes it. */
export const exportedPage = rowMapper('exported page', (row) => ({
  id: row.int('id'),
  slug: row.string('slug'),
  title: row.string('title'),
  description: row.string('description'),
  body: row.string('body'),
  coverImage: row.nullableString('cover_image'),
  coverImageAlt: row.nullableString('cover_image_alt'),
  coverImageCaption: row.nullableString('cover_image_caption'),
  status: row.oneOf('status', ['draft', 'published'] as const),
  publishedAt: row.nullableDate('published_at'),
  authorId: row.isNull('author_id') ? null : row.int('author_id'),
  createdAt: row.date('created_at'),
  updatedAt: row.date('updated_at'),
}));
export type ExportedPage = ReturnType<typeof exportedPage>;

export const pagesAfter = exportedPagesSql;

/**
 * A writer of the blog: an account that signs an article or a page. Readers who only comment are not
 * exported (Ghost's users are its staff); a password hash never is.
 */
export const exportedAuthor = rowMapper('exported author', (row) => ({
  id: row.int('id'),
  username: row.string('username'),
  email: row.string('email'),
  bio: row.nullableString('bio'),
  image: row.nullableString('image'),
  isActive: row.boolean('is_active'),
  role: row.nullableString('role'),
  createdAt: row.date('created_at'),
  updatedAt: row.date('updated_at'),
}));
export type ExportedAuthor = ReturnType<typeof exportedAuthor>;

export const authorsAfter = (afterId: number, limit: number): Sql =>
  sql`SELECT u.id, u.username, u.email, u.bio, u.image, u.is_active, u.role, u.created_at, u.updated_at
    FROM users u
    WHERE u.id > ${afterId}
      AND (EXISTS (SELECT 1 FROM articles a WHERE a.author_id = u.id)
        OR EXISTS (SELECT 1 FROM static_pages p WHERE p.author_id = u.id))
    ORDER BY u.id LIMIT ${limit}`;

/** A tag or a category: both are Ghost tags. */
export const exportedTag = rowMapper('exported tag', (row) => ({
  id: row.int('id'),
  name: row.string('name'),
  slug: row.nullableString('slug'),
  description: row.nullableString('description'),
  createdAt: row.date('created_at'),
  updatedAt: row.date('updated_at'),
}));
export type ExportedTag = ReturnType<typeof exportedTag>;

export const tagsAfter = (afterId: number, limit: number): Sql =>
  sql`SELECT id, name, NULL::varchar AS slug, NULL::text AS description, created_at, updated_at
    FROM tags WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;

export const categoriesAfter = (afterId: number, limit: number): Sql =>
  sql`SELECT id, name, slug, description, created_at, updated_at
    FROM categories WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;
