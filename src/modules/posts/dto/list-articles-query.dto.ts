import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ARTICLE_STATUSES, ArticleStatus } from '../article.entity';
import { CursorPaginationQueryDto } from '../../../common/pagination-query.dto';
import { EmptyQueryIsAbsent, QueryText } from '../../../common/optional-text.validator';

export class ListArticlesQueryDto extends CursorPaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only articles with this tag' })
  @QueryText(64)
  tag?: string;

  @ApiPropertyOptional({ description: "Only this author's articles; `me` for the reader's own" })
  @QueryText(255)
  author?: string;

  @ApiPropertyOptional({ description: 'Only articles this user favorited' })
  @QueryText(255)
  favorited?: string;

  @ApiPropertyOptional({ description: 'Only articles in this category (slug)' })
  @QueryText(80)
  category?: string;

  @ApiPropertyOptional({
    enum: ARTICLE_STATUSES,
    default: 'published',
    description:
      'draft lists the drafts the reader may see: their own, or all for editors and administrators; ' +
      'withheld (editors and administrators) the published articles of deactivated authors',
  })
  @EmptyQueryIsAbsent()
  @IsOptional()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;

  @ApiPropertyOptional({
    description: 'Full-text search (English and Russian word forms), best match first',
  })
  @QueryText(200)
  q?: string;
}
