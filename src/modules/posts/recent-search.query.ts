import { sql, statement, SqlStatement } from '../../../libs/database/sql';

/**
 * Makes search's recent tier (`articles.search_recent`) the newest `keep` published articles: takes the
 * older ones out (the column's trigger puts articles in as they are published) and puts in any of the
 * newest that are missing (rows written with triggers off, as a restore, a bulk import or the bench's
 * seed may, or a larger `keep`). Both go through indexes: the tier's own order, and the newest `keep` of
 * the published order. Answers one row: how many it took out (`trimmed`) and put in (`added`).
 */
export function keepRecentSearchStatement(keep: number): SqlStatement {
  return statement(sql`WITH edge AS (
      SELECT published_at, id FROM articles WHERE status = 'published'
      ORDER BY published_at DESC, id DESC OFFSET ${keep} LIMIT 1),
    trimmed AS (
      UPDATE articles a SET search_recent = false FROM edge
      WHERE a.search_recent AND (a.published_at, a.id) <= (edge.published_at, edge.id)
      RETURNING 1),
    newest AS (
      SELECT id FROM articles WHERE status = 'published'
      ORDER BY published_at DESC, id DESC LIMIT ${keep}),
    added AS (
      UPDATE articles a SET search_recent = true FROM newest
      WHERE a.id = newest.id AND NOT a.search_recent
      RETURNING 1)
    SELECT (SELECT count(*) FROM trimmed)::int AS trimmed, (SELECT count(*) FROM added)::int AS added`);
}
