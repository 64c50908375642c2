import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiOptionalToken, ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Public } from '../accounts/public.decorator';
import { ArticlePreviewsService } from './article-previews.service';
import {
  CurrentPreviewResponseDto,
  PreviewQueryDto,
  PreviewResponseDto,
} from './dto/article-preview.dto';
import { SingleArticleResponseDto } from './dto/article-response.dto';

/** An article's preview link: made by those who may edit it, read by anyone who has it. */
@ApiTags('articles')
@Controller()
export class ArticlePreviewsController {
  constructor(private readonly previews: ArticlePreviewsService) {}

  @Get('articles/:slug/preview')
  @ApiRoute({
    summary: "The article's preview link, or null while it is not shared (those who may edit it)",
    ok: CurrentPreviewResponseDto,
    errors: [403, 404],
  })
  @ApiToken()
  async current(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<CurrentPreviewResponseDto> {
    return { preview: await this.previews.current(reader, slug) };
  }

  @WriteRateLimit()
  @Post('articles/:slug/preview')
  @ApiRoute({
    summary:
      'Share the article before it is published: a new preview link, which ends the one it had (those who may edit it)',
    created: PreviewResponseDto,
    errors: [403, 404],
  })
  @ApiToken()
  async share(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<PreviewResponseDto> {
    return { preview: await this.previews.share(reader, slug) };
  }

  @Delete('articles/:slug/preview')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Stop sharing: the preview link stops working (those who may edit it)',
    noContent: 'Not shared any more',
    errors: [403, 404],
  })
  @ApiToken()
  async stop(@Param('slug') slug: string, @CurrentUser() reader: AuthUser): Promise<void> {
    await this.previews.stop(reader, slug);
  }

  @Public()
  @ApiOptionalToken()
  @Get('preview')
  @ApiRoute({
    summary:
      'The article a preview link shares, draft or scheduled, for anyone who has its key (the key goes in the query: paths are logged)',
    ok: SingleArticleResponseDto,
    errors: [404, 422],
  })
  async read(
    @Query() query: PreviewQueryDto,
    @CurrentUser() reader?: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.previews.read(query.key, reader) };
  }
}
