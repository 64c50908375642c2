import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { ProfileColumns, ProfileSql } from '../profiles/profiles.service';
import { ArticleSql } from '../posts/article-sql';
import { Comment } from './comment.entity';

/** A comment with its author's profile, as the statements below return it. */
export interface CommentRow extends ProfileColumns {
  id: number;
  createdAt: Date;
  updatedAt: Date;
  body: string;
}

const COLUMNS = 'c.id, c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.body';

@Injectable()
export class CommentsRepository extends BaseRepository<Comment> {
  constructor(session: DatabaseSession) {
    super(session, Comment);
  }

  /**
   * The comments of the article `slug`, oldest first, with their authors' profiles, in one statement
   * (served by the (article_id, id) index); null when there is no such article the reader may see.
   */
  async forArticle(
    slug: string,
    reader: { id: number; isSuperuser: boolean } | undefined,
    sql: { articles: ArticleSql; profiles: ProfileSql },
  ): Promise<CommentRow[] | null> {
    const rows = await this.query((_repository, manager) =>
      manager.query<CommentRow[]>(
        `SELECT ${COLUMNS}, ${sql.profiles.columns('au', 'c.author_id', '$2')}
         FROM ${sql.articles.visible('a', '$1', '$2', '$3')}
         LEFT JOIN (comments c ${sql.profiles.join('au', 'c.author_id')}) ON c.article_id = a.id
         ORDER BY c.id`,
        [slug, reader?.id ?? null, reader?.isSuperuser ?? false],
      ),
    );
    if (rows.length === 0) return null;
    // An article without comments gives one row of NULLs.
    return rows.filter((row) => row.id !== null);
  }

  /**
   * Comments on the article `slug` and returns the comment with its author's profile: one statement;
   * null when there is no such article the author may see.
   */
  async insert(
    slug: string,
    author: { id: number; isSuperuser: boolean },
    body: string,
    sql: { articles: ArticleSql; profiles: ProfileSql },
  ): Promise<CommentRow | null> {
    const rows = await this.query((_repository, manager) =>
      manager.query<CommentRow[]>(
        `WITH c AS (INSERT INTO comments (article_id, author_id, body)
                    SELECT a.id, $2, $4 FROM ${sql.articles.visible('a', '$1', '$2', '$3')}
                    RETURNING *)
         SELECT ${COLUMNS}, ${sql.profiles.columns('au', 'c.author_id', '$2')}
         FROM c ${sql.profiles.join('au', 'c.author_id')}`,
        [slug, author.id, author.isSuperuser, body],
      ),
    );
    return rows[0] ?? null;
  }
}
