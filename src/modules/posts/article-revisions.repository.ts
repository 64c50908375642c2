import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { param, prepared, Sql, sql, statement } from '../../../libs/database/sql';
import {
  queryRows,
  RowMapper,
  rowMapper,
  runStatement,
  SqlRow,
} from '../../../libs/database/sql-row';
import { ProfileColumns, ProfileSql, readProfileColumns } from '../profiles/profile.sql';
import { ArticleRevision } from './article-revision.entity';

/** Revisions kept an article: past this, the oldest go as new ones come. */
export const REVISIONS_KEPT = 20;
/** Saves by the same person within this many minutes of a revision's first save replace its text. */
export const REVISION_SESSION_MINUTES = 10;

/** An article's text at one time. */
export interface RevisionText {
  title: string;
  description: string;
  body: string;
}

/** A revision as the API lists it; `editor` null when unknown (a deleted account, the text before the history). */
export interface RevisionRow {
  id: number;
  title: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  editor: ProfileColumns | null;
}

const readRevision = (row: SqlRow): RevisionRow => ({
  id: row.int('id'),
  title: row.string('title'),
  description: row.string('description'),
  createdAt: row.date('createdAt'),
  updatedAt: row.date('updatedAt'),
  editor: row.isNull('authorUsername') ? null : readProfileColumns(row),
});
const revisionRow = rowMapper('article revision', readRevision);
const revisionWithBodyRow = rowMapper('article revision with its body', (row) => ({
  ...readRevision(row),
  body: row.string('body'),
}));

/** The revisions of articles (`article_revisions`): written by an edit of the text, read by those who may edit. */
@Injectable()
export class ArticleRevisionsRepository extends BaseRepository<ArticleRevision> {
  constructor(session: DatabaseSession) {
    super(session, ArticleRevision);
  }

  /**
   * Records an edit of article `articleId`'s text, in one statement of the edit's transaction (which
   * holds the article's row lock, so edits of one article record one after another): the text joins
   * `editorId`'s revision while it is their session (unless `startNew`: a restore, which would
   * otherwise overwrite the session's text), else starts a new one; an article with no
   * revision yet first gets the text it had (`before`, by `before.editorId`, saved at `before.savedAt`);
   * past REVISIONS_KEPT, the oldest go.
   */
  async record(
    articleId: number,
    editorId: number,
    text: RevisionText,
    before: RevisionText & { editorId: number | null; savedAt: Date },
    startNew = false,
  ): Promise<void> {
    const query = sql`WITH latest AS (
        SELECT id, editor_id, created_at FROM article_revisions WHERE article_id = ${articleId}
        ORDER BY updated_at DESC, id DESC LIMIT 1
      ), prior AS (
        INSERT INTO article_revisions (article_id, editor_id, title, description, body, created_at, updated_at)
        SELECT ${articleId}, ${before.editorId}::integer, ${before.title}, ${before.description}, ${before.body},
               ${before.savedAt}::timestamptz, ${before.savedAt}::timestamptz
        WHERE NOT EXISTS (SELECT 1 FROM latest)
      ), merged AS (
        UPDATE article_revisions r
           SET title = ${text.title}, description = ${text.description}, body = ${text.body},
               updated_at = CURRENT_TIMESTAMP
          FROM latest l
         WHERE r.id = l.id AND l.editor_id = ${editorId} AND NOT ${startNew}
           AND l.created_at > CURRENT_TIMESTAMP - make_interval(mins => ${REVISION_SESSION_MINUTES})
        RETURNING r.id
      ), added AS (
        INSERT INTO article_revisions (article_id, editor_id, title, description, body)
        SELECT ${articleId}, ${editorId}, ${text.title}, ${text.description}, ${text.body}
        WHERE NOT EXISTS (SELECT 1 FROM merged)
        RETURNING id
      )
      DELETE FROM article_revisions WHERE id IN (
        SELECT id FROM article_revisions WHERE article_id = ${articleId}
        ORDER BY updated_at DESC, id DESC
        OFFSET ${REVISIONS_KEPT} - (SELECT count(*) FROM added)
      )`;
    // Prepared: its text never changes, and PostgreSQL then plans it once a connection, not every edit.
    await this.query((_repository, manager) => runStatement(manager, prepared(query)));
  }

  /** The article's revisions, the last saved first, without their bodies. */
  list(articleId: number, readerId: number, profiles: ProfileSql): Promise<RevisionRow[]> {
    return this.read(sql``, sql`r.article_id = ${articleId}`, readerId, profiles, revisionRow);
  }

  /** One revision of the article, its body included; undefined when the article has no such revision. */
  async find(
    articleId: number,
    id: number,
    readerId: number,
    profiles: ProfileSql,
  ): Promise<(RevisionRow & { body: string }) | undefined> {
    const where = sql`r.article_id = ${articleId} AND r.id = ${id}`;
    return (await this.read(sql`r.body,`, where, readerId, profiles, revisionWithBodyRow))[0];
  }

  /** The revisions `where` picks, the last saved first, with `columns` beside the listed ones, read by `map`. */
  private read<T>(
    columns: Sql,
    where: Sql,
    readerId: number,
    profiles: ProfileSql,
    map: RowMapper<T>,
  ): Promise<T[]> {
    const editor = sql`r.editor_id`;
    const query = sql`SELECT r.id, r.title, r.description, ${columns}
        r.created_at AS "createdAt", r.updated_at AS "updatedAt", e.*
      FROM article_revisions r
      LEFT JOIN LATERAL (
        SELECT ${profiles.columns('u', editor, param(readerId))} FROM (VALUES (1)) one ${profiles.join('u', editor)}
      ) e ON true
      WHERE ${where}
      ORDER BY r.updated_at DESC, r.id DESC`;
    return this.query((_repository, manager) => queryRows(manager, statement(query), map));
  }
}
