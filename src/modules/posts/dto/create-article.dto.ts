import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WRITABLE_ARTICLE_STATUSES, WritableArticleStatus } from '../article.entity';
import { IfPresent, NotBlankText } from '../../../common/not-blank.validator';
import { SharedArticleFields, SlugField, TagListField } from './article-fields';
import { NestedObject } from '../../../common/nested-object.decorator';

export class NewArticleDto extends SharedArticleFields {
  @ApiProperty({ example: 'How to train your dragon', maxLength: 255 })
  @NotBlankText(255)
  title: string;

  @SlugField(
    "The article's address (my-first-post); taken: 409. Left out, empty or null: made from the title",
  )
  slug?: string | null;

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
}

export class CreateArticleDto {
  @NestedObject(NewArticleDto)
  article: NewArticleDto;
}
