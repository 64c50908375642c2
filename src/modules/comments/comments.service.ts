import { Injectable } from '@nestjs/common';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { ApiError } from '../../common/api-exception.filter';
import { AuthUser } from '../auth/auth-user';
import { Profile, ProfilesService } from '../auth/profiles.service';
import { ArticlesService } from '../posts/articles.service';
import { Comment } from './comment.entity';
import { CommentsRepository } from './comments.repository';
import { CommentDto } from './dto/comment-response.dto';

function present(comment: Comment, author: Profile | undefined): CommentDto {
  if (!author)
    throw new Error(`no profile for author ${comment.authorId} of comment ${comment.id}`);
  return {
    id: comment.id,
    createdAt: comment.createdAt.toISOString(),
    updatedAt: comment.updatedAt.toISOString(),
    body: comment.body,
    author: {
      username: author.username,
      bio: author.bio,
      image: author.image,
      following: author.following,
    },
  };
}

/** Comments hang off articles the reader may see; ArticlesService says which those are. */
@Injectable()
export class CommentsService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly comments: CommentsRepository,
    private readonly profiles: ProfilesService,
  ) {}

  /** Three statements whatever the number of comments: the article, the comments, their authors. */
  async list(slug: string, reader: AuthUser | undefined): Promise<CommentDto[]> {
    const articleId = await this.articles.visibleId(slug, reader);
    const comments = await this.comments.forArticle(articleId);
    const authorIds = [...new Set(comments.map((comment) => comment.authorId))];
    const profiles = await this.profiles.getProfiles(authorIds, reader?.id);
    return comments.map((comment) => present(comment, profiles.get(comment.authorId)));
  }

  async create(author: AuthUser, slug: string, body: string): Promise<CommentDto> {
    const articleId = await this.articles.visibleId(slug, author);
    const comment = await this.comments.create({ articleId, authorId: author.id, body });
    const profiles = await this.profiles.getProfiles([author.id], author.id);
    return present(comment, profiles.get(author.id));
  }

  /** Authors delete their own comments, superusers any. */
  async delete(reader: AuthUser, slug: string, id: number): Promise<void> {
    const articleId = await this.articles.visibleId(slug, reader);
    const comment = await this.comments.findOne({ id, articleId });
    if (!comment) throw new RecordNotFoundError('comment');
    if (comment.authorId !== reader.id && !reader.isSuperuser) {
      throw new ApiError(403, { comment: 'forbidden' });
    }
    await this.comments.delete(comment.id);
  }
}
