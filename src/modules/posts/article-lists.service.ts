import { Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AuthUser } from '../accounts/auth-user.types';
import { ProfilesService } from '../profiles/profiles.service';
import { ArticleCursor, ArticleFilter } from './article-list.query';
import { presentSummary } from './article.presenter';
import { ArticlesRepository } from './articles.repository';
import { MultipleArticlesResponseDto } from './dto/article-response.dto';
import { ListArticlesQueryDto } from './dto/list-articles-query.dto';
import { assertOneStart, decodeCursor, encodeCursor } from '../../common/cursor';
import { readCursorKey } from '../../common/cursor-codec';
import { MAX_ID } from '../../common/id.pipe';
import { CursorPaginationQueryDto, DEFAULT_PAGE_SIZE } from '../../common/pagination-query.dto';
import { TagsRepository } from './tags.repository';

/**
 * Lists of articles. Each is one statement whatever the page size and the filters: the count and the
 * page, with tags, category, the reader's favorites and the authors' profiles (usernames in the filters
 * and the reader's followees are resolved inside it, with the auth module's SQL).
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
      filter.author = query.author;
    }
    if (query.favorited !== undefined) filter.favoritedBy = query.favorited;
    return this.page(filter, reader, query);
  }

  /** Published articles by the authors `reader` follows, newest first. */
  async feed(
    reader: AuthUser,
    page: CursorPaginationQueryDto,
  ): Promise<MultipleArticlesResponseDto> {
    return this.page({ status: 'published', followedBy: reader.id }, reader, page);
  }

  /** The tags on published articles, the most used first. */
  tagsInUse(): Promise<string[]> {
    return this.tags.namesInUse();
  }

  private async page(
    filter: ArticleFilter,
    reader: AuthUser | undefined,
    page: CursorPaginationQueryDto,
  ): Promise<MultipleArticlesResponseDto> {
    assertOneStart(page);
    const { rows, count, exact, next } = await this.articles.list(
      filter,
      reader,
      {
        limit: page.limit ?? DEFAULT_PAGE_SIZE,
        offset: page.offset ?? 0,
        after: page.cursor === undefined ? undefined : readCursor(page.cursor, filter),
      },
      this.profiles.sql,
    );
    return {
      articles: rows.map(presentSummary),
      articlesCount: count,
      articlesCountIsExact: exact,
      nextCursor: next && writeCursor(next, filter),
    };
  }
}

/**
 * Whether a rank is a PostgreSQL real (float4): finite as one, and not so small that it would round
 * to zero (1e-320 fails the `::real` cast as an underflow).
 */
const isReal = (rank: number) =>
  Number.isFinite(Math.fround(rank)) && (rank === 0 || Math.fround(rank) !== 0);

/** A publication time as cursors carry it (what articleListQuery's cursorAt gives). */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A list's cursor: [publishedAt, id]; when searching, [rank, publishedAt, id, asOf]. */
function writeCursor(key: ArticleCursor, filter: ArticleFilter): string {
  const position = [key.publishedAt, key.id];
  return encodeCursor(
    filter.q === undefined ? position : [key.rank ?? 0, ...position, key.asOf ?? null],
  );
}

function readCursor(cursor: string, filter: ArticleFilter): ArticleCursor {
  let key: ArticleCursor;
  if (filter.q === undefined) {
    const [publishedAt, id] = decodeCursor(cursor, ['text?', 'int']);
    key = { publishedAt, id };
  } else {
    // A cursor from before asOf (three values) still reads: its later pages have no bound.
    const [rank, publishedAt, id, asOf] = readCursorKey(cursor, [
      'number',
      'text?',
      'int',
      'text?',
    ]) ?? [...decodeCursor(cursor, ['number', 'text?', 'int']), null];
    key = { rank, publishedAt, id, ...(asOf === null ? {} : { asOf }) };
  }
  const dated = key.publishedAt !== null;
  // Drafts have no date; every other list orders by one. Only values the statement's casts accept
  // (an int id, a real rank, a year PostgreSQL has), so a forged cursor is a 422 on `cursor`.
  // A date the calendar has: JavaScript reads 2026-02-30 as March 2, PostgreSQL refuses it.
  const validTime = (time: string) =>
    CURSOR_TIME.test(time) &&
    !time.startsWith('0000') &&
    !Number.isNaN(Date.parse(time)) &&
    new Date(time).toISOString().slice(0, 19) === time.slice(0, 19);
  const fits =
    key.id >= 1 &&
    key.id <= MAX_ID &&
    (key.rank === undefined || isReal(key.rank)) &&
    dated === (filter.status !== 'draft') &&
    (!dated || validTime(key.publishedAt!)) &&
    (key.asOf === undefined || validTime(key.asOf));
  if (!fits) throw new ApiError(422, { cursor: 'is invalid' });
  return key;
}
