import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
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
import { SearchRateLimit, WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ArticleListsService } from './article-lists.service';
import { ArticlesService } from './articles.service';
import { MultipleArticlesResponseDto, SingleArticleResponseDto } from './dto/article-response.dto';
import { CreateArticleDto } from './dto/create-article.dto';
import { ListArticlesQueryDto } from './dto/list-articles-query.dto';
import { PaginationQueryDto } from '../../common/pagination-query.dto';
import { UpdateArticleDto } from './dto/update-article.dto';
import { FavoritesService } from './favorites.service';

@ApiTags('articles')
@Controller('articles')
export class ArticlesController {
  constructor(
    private readonly articles: ArticlesService,
    private readonly lists: ArticleListsService,
    private readonly favorites: FavoritesService,
  ) {}

  @Public()
  @SearchRateLimit()
  @Get()
  @ApiOperation({ summary: 'List published articles (or your drafts), newest or best match first' })
  @ApiOkResponse({ type: MultipleArticlesResponseDto })
  @ApiErrors(401, 422, 429)
  list(
    @Query() query: ListArticlesQueryDto,
    @CurrentUser() reader?: AuthUser,
  ): Promise<MultipleArticlesResponseDto> {
    return this.lists.list(query, reader);
  }

  @Get('feed')
  @ApiOperation({ summary: 'Articles by the authors you follow, newest first' })
  @ApiOkResponse({ type: MultipleArticlesResponseDto })
  @ApiToken()
  @ApiErrors(422)
  feed(
    @Query() query: PaginationQueryDto,
    @CurrentUser() reader: AuthUser,
  ): Promise<MultipleArticlesResponseDto> {
    return this.lists.feed(reader, query);
  }

  @Public()
  @Get(':slug')
  @ApiOperation({ summary: 'One article; a draft only for its author and superusers' })
  @ApiOkResponse({ type: SingleArticleResponseDto })
  @ApiErrors(404)
  async get(
    @Param('slug') slug: string,
    @CurrentUser() reader?: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.articles.view(slug, reader) };
  }

  @WriteRateLimit()
  @Post()
  @ApiOperation({ summary: 'Write an article (published unless status is draft)' })
  @ApiCreatedResponse({ type: SingleArticleResponseDto })
  @ApiToken()
  @ApiErrors(422, 429)
  async create(
    @Body() input: CreateArticleDto,
    @CurrentUser() author: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.articles.create(author, input.article) };
  }

  @WriteRateLimit()
  @Put(':slug')
  @ApiOperation({ summary: 'Edit your article; a new title gives a new slug' })
  @ApiOkResponse({ type: SingleArticleResponseDto })
  @ApiToken()
  @ApiErrors(403, 404, 422, 429)
  async update(
    @Param('slug') slug: string,
    @Body() input: UpdateArticleDto,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.articles.update(reader, slug, input.article) };
  }

  @Delete(':slug')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete your article (superusers: any article)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiToken()
  @ApiErrors(403, 404)
  delete(@Param('slug') slug: string, @CurrentUser() reader: AuthUser): Promise<void> {
    return this.articles.delete(reader, slug);
  }

  @WriteRateLimit()
  @Post(':slug/favorite')
  @HttpCode(200)
  @ApiOperation({ summary: 'Favorite an article' })
  @ApiOkResponse({ type: SingleArticleResponseDto })
  @ApiToken()
  @ApiErrors(404, 429)
  async favorite(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.favorites.favorite(reader, slug) };
  }

  @WriteRateLimit()
  @Delete(':slug/favorite')
  @ApiOperation({ summary: 'Unfavorite an article' })
  @ApiOkResponse({ type: SingleArticleResponseDto })
  @ApiToken()
  @ApiErrors(404, 429)
  async unfavorite(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<SingleArticleResponseDto> {
    return { article: await this.favorites.unfavorite(reader, slug) };
  }
}
