import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiOptionalToken, ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Public } from '../accounts/public.decorator';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { CommentsService } from './comments.service';
import { MultipleCommentsResponseDto, SingleCommentResponseDto } from './dto/comment-response.dto';
import { CreateCommentDto } from './dto/create-comment.dto';
import { ListCommentsQueryDto, MAX_UNPAGED_COMMENTS } from './dto/list-comments-query.dto';
import { IdPipe } from '../../common/id.pipe';
import { FollowsRenamedArticle } from '../posts/renamed-article.decorator';

const commentIdPipe = new IdPipe('comment');

@ApiTags('comments')
@Controller('articles/:slug/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Public()
  @ApiOptionalToken()
  @Get()
  @FollowsRenamedArticle()
  @ApiRoute({
    summary: `An article's comments, oldest first: up to ${MAX_UNPAGED_COMMENTS}, or pages by cursor; a renamed article's old slug: 301 to the current one`,
    ok: MultipleCommentsResponseDto,
    errors: [404, 422],
  })
  list(
    @Param('slug') slug: string,
    @Query() query: ListCommentsQueryDto,
    @CurrentUser() reader?: AuthUser,
  ): Promise<MultipleCommentsResponseDto> {
    return this.comments.list(slug, reader, query);
  }

  @WriteRateLimit()
  @Post()
  @ApiRoute({
    summary: 'Comment on an article',
    created: SingleCommentResponseDto,
    errors: [404, 422],
  })
  @ApiToken()
  async create(
    @Param('slug') slug: string,
    @Body() input: CreateCommentDto,
    @CurrentUser() author: AuthUser,
  ): Promise<SingleCommentResponseDto> {
    return { comment: await this.comments.create(author, slug, input.comment.body) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    summary:
      'Delete your comment, or any comment on your article (editors and administrators: any comment)',
    noContent: 'Deleted',
    errors: [403, 404],
  })
  @ApiToken()
  delete(
    @Param('slug') slug: string,
    @Param('id', commentIdPipe) id: number,
    @CurrentUser() reader: AuthUser,
  ): Promise<void> {
    return this.comments.delete(reader, slug, id);
  }
}
