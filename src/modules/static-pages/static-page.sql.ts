import { Sql, sql } from '../../../libs/database/sql';
import { StaticPageStatus } from './static-page.entity';

/** A page brought from another blog (a Ghost import), with its own dates. */
export interface ImportedPage {
  slug: string;
  title: string;
  description: string;
  body: string;
  coverImage: string | null;
  coverImageAlt: string | null;
  coverImageCaption: string | null;
  status: StaticPageStatus;
  authorId: number | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

/**
 * Offered to the Ghost import, which writes a whole export in one transaction of its own: the insert of
 * one page, nothing when a page here has its slug already. Returns the page's `slug` when written.
 */
export function insertImportedPageSql(page: ImportedPage): Sql {
  return sql`INSERT INTO static_pages (slug, title, description, body, cover_image, cover_image_alt,
      cover_image_caption, status, author_id, created_at, updated_at, published_at)
    VALUES (${page.slug}, ${page.title}, ${page.description}, ${page.body}, ${page.coverImage},
      ${page.coverImageAlt}, ${page.coverImageCaption}, ${page.status}, ${page.authorId}::integer,
      ${page.createdAt}::timestamptz, ${page.updatedAt}::timestamptz, ${page.publishedAt}::timestamptz)
    ON CONFLICT (slug) DO NOTHING RETURNING slug`;
}

/**
 * Offered to the content export (a Ghost export of the blog): up to `limit` pages after the id
 * `afterId`, in id order, drafts included.
 */
export function exportedPagesSql(afterId: number, limit: number): Sql {
  return sql`SELECT id, slug, title, description, body, cover_image, cover_image_alt,
      cover_image_caption, status, published_at, author_id, created_at, updated_at
    FROM static_pages WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`;
}
