import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, ValidateIf } from 'class-validator';
import { WRITABLE_ARTICLE_STATUSES, WritableArticleStatus } from '../article.entity';
import { IfPresent, NotBlankText } from '../../../common/not-blank.validator';
import {
  ArticleEchoes,
  ArticleTextField,
  CoverImageField,
  CoverTextField,
  PublishAtField,
  PublishedAtField,
  SlugField,
  TagListField,
} from './article-fields';
import { NestedObject } from '../../../common/nested-object.decorator';

export class ArticleChangesDto extends ArticleEchoes {
  @ApiPropertyOptional({
    maxLength: 255,
    description: 'A new title gives a new slug, unless the slug was chosen',
  })
  @IfPresent()
  @NotBlankText(255)
  title?: string;

  @SlugField(
    'A new address; the old one redirects to it. Taken: 409. The current slug: no change. Empty or null: made from the title again',
  )
  slug?: string | null;

  @ArticleTextField(2000)
  description?: string;

  @ArticleTextField(200_000)
  body?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Replaces the tags; omit to keep them, [] to clear them; null is invalid',
  })
  @TagListField()
  tagList?: string[];

  @ApiPropertyOptional({
    enum: WRITABLE_ARTICLE_STATUSES,
    description:
      'published: now (publishedAt is set); draft: unpublished or unscheduled; scheduled: needs publishAt',
  })
  @IfPresent()
  @IsIn(WRITABLE_ARTICLE_STATUSES)
  status?: WritableArticleStatus;

  @PublishAtField()
  publishAt?: string;

  @PublishedAtField()
  publishedAt?: string | null;

  @CoverImageField()
  coverImage?: string | null;

  @CoverTextField(300, 'What the cover shows, for readers who cannot see it; null or "" clears it')
  coverImageAlt?: string | null;

  @CoverTextField(500, 'A line of plain text under the cover (a credit); null or "" clears it')
  coverImageCaption?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'A category slug; null clears it',
  })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(80)
  category?: string | null;
}

export class UpdateArticleDto {
  @NestedObject(ArticleChangesDto)
  article: ArticleChangesDto;
}
