import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { ProfileColumns, ProfileSql } from '../auth/profiles.service';
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
   * An article's comments, oldest first, with their authors' profiles: one statement, served by the
   * (article_id, id) index.
   */
  forArticle(articleId: number, readerId: number | undefined, profiles: ProfileSql) {
    return this.query((_repository, manager) =>
      manager.query<CommentRow[]>(
        `SELECT ${COLUMNS}, ${profiles.columns('au', 'c.author_id', '$2')}
         FROM comments c ${profiles.join('au', 'c.author_id')}
         WHERE c.article_id = $1 ORDER BY c.id`,
        [articleId, readerId ?? null],
      ),
    );
  }

  /** Inserts a comment and returns it with its author's profile: one statement. */
  async insert(articleId: number, authorId: number, body: string, profiles: ProfileSql) {
    const rows = await this.query((_repository, manager) =>
      manager.query<CommentRow[]>(
        `WITH c AS (INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING *)
         SELECT ${COLUMNS}, ${profiles.columns('au', 'c.author_id', '$2')}
         FROM c ${profiles.join('au', 'c.author_id')}`,
        [articleId, authorId, body],
      ),
    );
    return rows[0];
  }
}
