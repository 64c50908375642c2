import { param, sql, SqlStatement, statement } from '../../../libs/database/sql';

/**
 * Where an upload is in use, read straight from the tables of posts, static pages and accounts: an
 * article's or a static page's body or cover, or a user's image, that holds its URL path
 * `/media/<publicId>/` (absolute or relative URL, markdown or HTML alike). A deliberate exception to "ask the owning module": one statement over the text columns
 * is all there is to ask (a media-references table kept by the writers would replace it at scale).
 * It reads each body with strpos (no index): fine for a delete or the daily clean-up's small batches.
 */
const usedBy = (publicId: ReturnType<typeof sql>) => sql`(
    EXISTS (SELECT 1 FROM articles a WHERE strpos(a.body, '/media/' || ${publicId} || '/') > 0
                                      OR strpos(a.cover_image, '/media/' || ${publicId} || '/') > 0)
    OR EXISTS (SELECT 1 FROM static_pages p WHERE strpos(p.body, '/media/' || ${publicId} || '/') > 0
                                      OR strpos(p.cover_image, '/media/' || ${publicId} || '/') > 0)
    OR EXISTS (SELECT 1 FROM users u WHERE strpos(u.image, '/media/' || ${publicId} || '/') > 0))`;

/** One row `{ used: boolean }`: whether the upload is referenced. */
export function mediaInUseQuery(publicId: string): SqlStatement {
  return statement(sql`SELECT ${usedBy(sql`${publicId}::text`)} AS used`);
}

/**
 * Deletes the upload if nothing references it, in one statement (the use read as the row goes, not
 * before some slow work); one row `{ id }` when it went.
 */
export function deleteUnusedMediaQuery(id: number): SqlStatement {
  // Read back through a CTE: the driver answers a plain DELETE with a count beside its rows.
  return statement(sql`WITH gone AS (
      DELETE FROM media m WHERE m.id = ${id} AND NOT ${usedBy(sql`m.public_id::text`)} RETURNING m.id)
    SELECT id FROM gone`);
}

/** Uploads created before `before` that nothing references, oldest first, at most `limit`. */
export function orphanedMediaQuery(before: Date, limit: number): SqlStatement {
  return statement(sql`SELECT m.id, m.public_id AS "publicId" FROM media m
    WHERE m.created_at < ${param(before)} AND NOT ${usedBy(sql`m.public_id::text`)}
    ORDER BY m.id LIMIT ${limit}`);
}
