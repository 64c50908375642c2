import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Public } from '../accounts/public.decorator';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { CommentsService } from './comments.service';
import { MultipleCommentsResponseDto, SingleCommentResponseDto } from './dto/comment-response.dto';
import { CreateCommentDto } from './dto/create-comment.dto';
import { IdPipe } from '../../common/id.pipe';

const commentIdPipe = new IdPipe('comment');

@ApiTags('comments')
@Controller('articles/:slug/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: "An article's comments, oldest first" })
  @ApiOkResponse({ type: MultipleCommentsResponseDto })
  @ApiErrors(404)
  async list(
    @Param('slug') slug: string,
    @CurrentUser() reader?: AuthUser,
  ): Promise<MultipleCommentsResponseDto> {
    return { comments: await this.comments.list(slug, reader) };
  }

  @WriteRateLimit()
  @Post()
  @ApiOperation({ summary: 'Comment on an article' })
  @ApiCreatedResponse({ type: SingleCommentResponseDto })
  @ApiToken()
  @ApiErrors(404, 422, 429)
  async create(
    @Param('slug') slug: string,
    @Body() input: CreateCommentDto,
    @CurrentUser() author: AuthUser,
  ): Promise<SingleCommentResponseDto> {
    return { comment: await this.comments.create(author, slug, input.comment.body) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete your comment (superusers: any comment)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiToken()
  @ApiErrors(403, 404)
  delete(
    @Param('slug') slug: string,
    @Param('id', commentIdPipe) id: number,
    @CurrentUser() reader: AuthUser,
  ): Promise<void> {
    return this.comments.delete(reader, slug, id);
  }
}
