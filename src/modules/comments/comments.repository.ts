import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Comment } from './comment.entity';

@Injectable()
export class CommentsRepository extends BaseRepository<Comment> {
  constructor(session: DatabaseSession) {
    super(session, Comment);
  }

  /** An article's comments, oldest first: one statement, served by the (article_id, id) index. */
  forArticle(articleId: number): Promise<Comment[]> {
    return this.query((repository) =>
      repository.find({ where: { articleId }, order: { id: 'ASC' } }),
    );
  }
}
