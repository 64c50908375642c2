import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { queryRows } from '../../../libs/database/sql-row';
import type { Reader } from '../posts/article.sql';
import { Comment } from './comment.entity';
import {
  articleCommentsQuery,
  commentQuery,
  CommentRow,
  commentRow,
  CommentSqlDeps,
  CommentsPage,
  insertCommentQuery,
} from './comment.query';

export type { CommentRow } from './comment.query';

@Injectable()
export class CommentsRepository extends BaseRepository<Comment> {
  constructor(session: DatabaseSession) {
    super(session, Comment);
  }

  /**
   * A page of the comments of the article `slug`, oldest first, with their authors' profiles, in one
   * statement, and whether more follow; null when there is no such article the reader may see.
   */
  async forArticle(
    slug: string,
    reader: Reader | undefined,
    sql: CommentSqlDeps,
    page: CommentsPage,
  ): Promise<{ comments: CommentRow[]; more: boolean } | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, articleCommentsQuery(slug, reader, sql, page), commentRow),
    );
    if (rows.length === 0) return null;
    // A page without comments gives one row of NULLs; the statement reads one row past the page.
    const comments = rows.filter((row): row is CommentRow => row !== null);
    return { comments: comments.slice(0, page.limit), more: comments.length > page.limit };
  }

  /** One comment with its author's profile, or null. */
  async findRow(id: number, sql: CommentSqlDeps): Promise<CommentRow | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, commentQuery(id, sql.profiles), commentRow),
    );
    return rows[0] ?? null;
  }

  /**
   * Comments on the article `slug` and returns the comment with its author's profile: one statement;
   * null when there is no such article the author may see.
   */
  async insert(
    slug: string,
    author: Reader,
    body: string,
    sql: CommentSqlDeps,
  ): Promise<CommentRow | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, insertCommentQuery(slug, author, body, sql), commentRow),
    );
    return rows[0] ?? null;
  }
}
