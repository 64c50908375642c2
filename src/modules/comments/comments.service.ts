import { Injectable } from '@nestjs/common';
import {
  RecordNotFoundError,
  referenceGoneIsNotFound,
} from '../../../libs/database/database-errors';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { decodeCursor, encodeCursor } from '../../common/cursor';
import { MAX_ID } from '../../common/id.pipe';
import { AuthUser } from '../accounts/auth-user.types';
import { hasRole } from '../accounts/staff-roles.types';
import { profileFromColumns, ProfilesService } from '../profiles/profiles.service';
import { ArticlesService } from '../posts/articles.service';
import './comment.events';
import { CommentRow, CommentsRepository } from './comments.repository';
import { CommentDto, MultipleCommentsResponseDto } from './dto/comment-response.dto';
import { ListCommentsQueryDto, MAX_UNPAGED_COMMENTS } from './dto/list-comments-query.dto';

function present(comment: CommentRow): CommentDto {
  return {
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author: profileFromColumns(comment),
  };
}

/** The id of the last comment a page showed, which its cursor holds; a 422 on `cursor` otherwise. */
function commentIdOf(cursor: string): number {
  const [id] = decodeCursor(cursor, ['int'] as const);
  if (id < 1 || id > MAX_ID) throw new ApiError(422, { cursor: 'is invalid' });
  return id;
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

  /**
   * A page of the article's comments, oldest first, and the cursor of the next: one statement whatever
   * the number of comments (the article, its comments and their authors). Without `limit` and `cursor`,
   * the whole list up to MAX_UNPAGED_COMMENTS, as RealWorld clients expect.
   */
  async list(
    slug: string,
    reader: AuthUser | undefined,
    query: ListCommentsQueryDto,
  ): Promise<MultipleCommentsResponseDto> {
    const page = {
      afterId: query.cursor === undefined ? null : commentIdOf(query.cursor),
      limit: query.limit ?? MAX_UNPAGED_COMMENTS,
    };
    const found = await this.comments.forArticle(slug, reader, this.sql(), page);
    if (!found) throw new RecordNotFoundError('article');
    const last = found.comments.at(-1);
    return {
      comments: found.comments.map(present),
      nextCursor: found.more && last ? encodeCursor([last.id]) : null,
    };
  }

  /** The comment as the API shows it, with no reader: for integrations an administrator set up (webhooks). */
  async viewForIntegrations(id: number): Promise<CommentDto> {
    const comment = await this.comments.findRow(id, this.sql());
    if (!comment) throw new RecordNotFoundError('comment');
    return present(comment);
  }

  async create(author: AuthUser, slug: string, body: string): Promise<CommentDto> {
    // The request's one statement: with no webhook to queue, it is the whole transaction (one round trip).
    const comment = await referenceGoneIsNotFound('articleId', 'article', () =>
      this.events.writeThenPublish('comment.created', () =>
        this.comments.insert(slug, author, body, this.sql()),
      ),
    );
    // Nothing was written: no such article the author may see.
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

  /**
   * Authors delete their own comments; an article's author moderates the comments on it, and editors
   * and administrators any comment.
   */
  async delete(reader: AuthUser, slug: string, id: number): Promise<void> {
    const article = await this.articles.visibleArticle(slug, reader);
    const comment = await this.comments.findOne({ id, articleId: article.id });
    if (!comment) throw new RecordNotFoundError('comment');
    const moderates = article.authorId === reader.id || hasRole(reader.role, 'editor');
    if (comment.authorId !== reader.id && !moderates) {
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
