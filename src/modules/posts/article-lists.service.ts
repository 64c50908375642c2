import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AuthUser } from '../auth/auth-user';
import { ProfilesService } from '../auth/profiles.service';
import { ArticleFilter } from './article-list.query';
import { presentSummary } from './article.presenter';
import { ArticlesRepository } from './articles.repository';
import { MultipleArticlesResponseDto } from './dto/article-response.dto';
import { ListArticlesQueryDto } from './dto/list-articles-query.dto';
import { DEFAULT_PAGE_SIZE, PaginationQueryDto } from './dto/pagination-query.dto';
import { TagsRepository } from './tags.repository';

/**
 * Lists of articles. Each runs a fixed number of statements whatever the page size: the usernames in the
 * filters resolved to ids (one each), the count, the page (tags, category and the reader's favorites
 * joined in), and the authors' profiles for the whole page at once.
 */
@Injectable()
export class ArticleListsService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly tags: TagsRepository,
    private readonly profiles: ProfilesService,
  ) {}

  async list(
    query: ListArticlesQueryDto,
    reader: AuthUser | undefined,
  ): Promise<MultipleArticlesResponseDto> {
    const filter: ArticleFilter = { status: query.status ?? 'published' };
    if (query.tag !== undefined) filter.tag = query.tag;
    if (query.category !== undefined) filter.category = query.category;
    if (query.q !== undefined && query.q.trim() !== '') filter.q = query.q.trim();
    if (query.author === 'me') {
      if (!reader) throw new ApiError(401, { token: 'is missing' });
      filter.authorId = reader.id;
    } else if (query.author !== undefined) {
      filter.authorId = await this.profiles.findUserIdByUsername(query.author);
    }
    if (query.favorited !== undefined) {
      filter.favoritedBy = await this.profiles.findUserIdByUsername(query.favorited);
    }
    return this.page(filter, reader, query);
  }

  /** Published articles by the authors `reader` follows, newest first. */
  async feed(reader: AuthUser, page: PaginationQueryDto): Promise<MultipleArticlesResponseDto> {
    const authorIds = await this.profiles.getFolloweeIds(reader.id);
    return this.page({ status: 'published', authorIds }, reader, page);
  }

  tagsInUse(): Promise<string[]> {
    return this.tags.namesInUse();
  }

  private async page(
    filter: ArticleFilter,
    reader: AuthUser | undefined,
    page: PaginationQueryDto,
  ): Promise<MultipleArticlesResponseDto> {
    const { rows, count } = await this.articles.list(filter, reader, {
      limit: page.limit ?? DEFAULT_PAGE_SIZE,
      offset: page.offset ?? 0,
    });
    const authorIds = [...new Set(rows.map((row) => row.authorId))];
    const profiles = await this.profiles.getProfiles(authorIds, reader?.id);
    return {
      articles: rows.map((row) => presentSummary(row, profiles.get(row.authorId))),
      articlesCount: count,
    };
  }
}
