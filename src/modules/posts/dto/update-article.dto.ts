import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WRITABLE_ARTICLE_STATUSES, WritableArticleStatus } from '../article.entity';
import { IfPresent, NotBlankText } from '../../../common/not-blank.validator';
import { SharedArticleFields, SlugField, TagListField } from './article-fields';
import { NestedObject } from '../../../common/nested-object.decorator';

export class ArticleChangesDto extends SharedArticleFields {
  @ApiPropertyOptional({
    maxLength: 255,
    description: 'A new title gives a new slug, unless the slug was chosen',
  })
  @IfPresent()
  @NotBlankText(255)
  title?: string;

  @SlugField(
    "A new address; reads of the old one (the site's page, the API's article and comments) answer 301 to it; writes there 404. Taken: 409. The current slug: no change. Empty or null: made from the title again",
  )
  slug?: string | null;

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
}

export class UpdateArticleDto {
  @NestedObject(ArticleChangesDto)
  article: ArticleChangesDto;
}
