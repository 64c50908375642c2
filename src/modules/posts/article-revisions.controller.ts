import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../common/id.pipe';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { ArticleRevisionsService } from './article-revisions.service';
import { SingleArticleResponseDto } from './dto/article-response.dto';
import { RevisionsResponseDto, SingleRevisionResponseDto } from './dto/article-revision.dto';

const revisionIdPipe = new IdPipe('revision');

/** An article's revision history: read and restored by those who may edit it. */
@ApiTags('articles')
@Controller('articles/:slug/revisions')
export class ArticleRevisionsController {
  constructor(private readonly revisions: ArticleRevisionsService) {}

  @Get()
  @ApiRoute({
    summary: "The versions of the article's text, the last saved first (those who may edit it)",
    ok: RevisionsResponseDto,
    errors: [403, 404],
  })
  @ApiToken()
  async list(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<RevisionsResponseDto> {
    return { revisions: await this.revisions.list(reader, slug) };
  }

  @Get(':id')
  @ApiRoute({
    summary: 'One version of the text, its body included (those who may edit the article)',
    ok: SingleRevisionResponseDto,
    errors: [403, 404],
  })
  @ApiToken()
  async get(
    @Param('slug') slug: string,
    @Param('id', revisionIdPipe) id: number,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleRevisionResponseDto> {
    return { revision: await this.revisions.get(reader, slug, id) };
  }

  @WriteRateLimit()
  @Post(':id/restore')
  @HttpCode(200)
  @ApiRoute({
    summary:
      "Make this version's title, description and body the article's: an edit like PUT /api/articles/:slug, kept in the history too",
    ok: SingleArticleResponseDto,
    errors: [403, 404, 409, 422],
  })
  @ApiToken()
  async restore(
    @Param('slug') slug: string,
    @Param('id', revisionIdPipe) id: number,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.revisions.restore(reader, slug, id) };
  }
}
