import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
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
import { OptionalText } from '../../../common/optional-text.validator';

export class NewArticleDto extends ArticleEchoes {
  @ApiProperty({ example: 'How to train your dragon', maxLength: 255 })
  @NotBlankText(255)
  title: string;

  @SlugField(
    "The article's address (my-first-post); taken: 409. Left out, empty or null: made from the title",
  )
  slug?: string | null;

  @ArticleTextField(2000)
  description?: string;

  @ArticleTextField(200_000)
  body?: string;

  @ApiPropertyOptional({ type: [String], example: ['dragons', 'training'], maxItems: 20 })
  @TagListField()
  tagList?: string[];

  @ApiPropertyOptional({
    enum: WRITABLE_ARTICLE_STATUSES,
    default: 'published',
    description: 'scheduled needs publishAt (which implies it)',
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

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A category slug' })
  @OptionalText(80)
  category?: string | null;
}

export class CreateArticleDto {
  @NestedObject(NewArticleDto)
  article: NewArticleDto;
}
