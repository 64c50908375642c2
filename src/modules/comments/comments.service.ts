import { Injectable } from '@nestjs/common';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { AuthUser } from '../accounts/auth-user.types';
import { profileFromColumns, ProfilesService } from '../profiles/profiles.service';
import { ArticlesService } from '../posts/articles.service';
import './comment.events';
import { CommentRow, CommentsRepository } from './comments.repository';
import { CommentDto } from './dto/comment-response.dto';

function present(comment: CommentRow): CommentDto {
  return {
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author: profileFromColumns(comment),
  };
}

/** Comments hang off articles the reader may see; ArticlesService says which those are. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly comments: CommentsRepository,
    private readonly profiles: ProfilesService,
    private readonly events: DomainEvents,
  ) {}

  /** One statement whatever the number of comments: the article, its comments and their authors. */
  async list(slug: string, reader: AuthUser | undefined): Promise<CommentDto[]> {
    const comments = await this.comments.forArticle(slug, reader, this.sql());
    if (!comments) throw new RecordNotFoundError('article');
    return comments.map(present);
  }

  /** The comment as the API shows it, with no reader: for integrations a superuser set up (webhooks). */
  async viewForIntegrations(id: number): Promise<CommentDto> {
    const comment = await this.comments.findRow(id, this.sql());
    if (!comment) throw new RecordNotFoundError('comment');
    return present(comment);
  }

  async create(author: AuthUser, slug: string, body: string): Promise<CommentDto> {
    const comment = await this.comments.insert(slug, author, body, this.sql());
    if (!comment) throw new RecordNotFoundError('article');
    await this.events.publish('comment.created', {
      commentId: comment.id,
      articleSlug: slug,
      authorId: author.id,
    });
    return present(comment);
  }

  private sql() {
    return { articles: this.articles.sql, profiles: this.profiles.sql };
  }

  /** Authors delete their own comments, superusers any. */
  async delete(reader: AuthUser, slug: string, id: number): Promise<void> {
    const articleId = await this.articles.visibleId(slug, reader);
    const comment = await this.comments.findOne({ id, articleId });
    if (!comment) throw new RecordNotFoundError('comment');
    if (comment.authorId !== reader.id && !reader.isSuperuser) {
      throw new ApiError(403, { comment: 'forbidden' });
    }
    // Published before the row goes (see ArticlesService.delete).
    await this.events.publish('comment.deleted', {
      commentId: comment.id,
      articleSlug: slug,
      authorId: comment.authorId,
    });
    // A parallel delete of the same comment may have won since it was read: only one answers 204.
    if (!(await this.comments.delete(comment.id))) throw new RecordNotFoundError('comment');
  }
}
