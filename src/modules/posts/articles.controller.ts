import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiOptionalToken, ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Public } from '../accounts/public.decorator';
import { SearchRateLimit, WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ArticleListsService } from './article-lists.service';
import { ArticlesService } from './articles.service';
import { MultipleArticlesResponseDto, SingleArticleResponseDto } from './dto/article-response.dto';
import { CreateArticleDto } from './dto/create-article.dto';
import { ListArticlesQueryDto } from './dto/list-articles-query.dto';
import { CursorPaginationQueryDto } from '../../common/pagination-query.dto';
import { UpdateArticleDto } from './dto/update-article.dto';
import { FavoritesService } from './favorites.service';
import { FollowsRenamedArticle } from './renamed-article.decorator';

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly lists: ArticleListsService,
    private readonly favorites: FavoritesService,
  ) {}

  @Public()
  @ApiOptionalToken()
  @SearchRateLimit()
  @Get()
  @ApiRoute({
    summary: 'List published articles (or your drafts), newest or best match first',
    ok: MultipleArticlesResponseDto,
    errors: [401, 422],
  })
  list(
    @Query() query: ListArticlesQueryDto,
    @CurrentUser() reader?: AuthUser,
  ): Promise<MultipleArticlesResponseDto> {
    return this.lists.list(query, reader);
  }

  @Get('feed')
  @ApiRoute({
    summary: 'Articles by the authors you follow, newest first',
    ok: MultipleArticlesResponseDto,
    errors: [422],
  })
  @ApiToken()
  feed(
    @Query() query: CursorPaginationQueryDto,
    @CurrentUser() reader: AuthUser,
  ): Promise<MultipleArticlesResponseDto> {
    return this.lists.feed(reader, query);
  }

  @Public()
  @ApiOptionalToken()
  @Get(':slug')
  @FollowsRenamedArticle()
  @ApiRoute({
    summary:
      "One article; a draft only for its author, editors and administrators; a renamed article's old slug: 301 to the current one",
    ok: SingleArticleResponseDto,
    errors: [404],
  })
  async get(
    @Param('slug') slug: string,
    @CurrentUser() reader?: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.articles.view(slug, reader) };
  }

  @WriteRateLimit()
  @Post()
  @ApiRoute({
    summary: 'Write an article (published unless status is draft; a contributor’s is a draft)',
    created: SingleArticleResponseDto,
    errors: [403, 422],
  })
  @ApiToken()
  async create(
    @Body() input: CreateArticleDto,
    @CurrentUser() author: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.articles.create(author, input.article) };
  }

  @WriteRateLimit()
  @Put(':slug')
  @ApiRoute({
    summary: 'Edit your article (editors, administrators: any); a new title gives a new slug',
    ok: SingleArticleResponseDto,
    errors: [403, 404, 422],
  })
  @ApiToken()
  async update(
    @Param('slug') slug: string,
    @Body() input: UpdateArticleDto,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.articles.update(reader, slug, input.article) };
  }

  @Delete(':slug')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete your article (editors and administrators: any article)',
    noContent: 'Deleted',
    errors: [403, 404],
  })
  @ApiToken()
  delete(@Param('slug') slug: string, @CurrentUser() reader: AuthUser): Promise<void> {
    return this.articles.delete(reader, slug);
  }

  @WriteRateLimit()
  @Post(':slug/favorite')
  @HttpCode(200)
  @ApiRoute({ summary: 'Favorite an article', ok: SingleArticleResponseDto, errors: [404] })
  @ApiToken()
  async favorite(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.favorites.favorite(reader, slug) };
  }

  @WriteRateLimit()
  @Delete(':slug/favorite')
  @ApiRoute({ summary: 'Unfavorite an article', ok: SingleArticleResponseDto, errors: [404] })
  @ApiToken()
  async unfavorite(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.favorites.unfavorite(reader, slug) };
  }
}
