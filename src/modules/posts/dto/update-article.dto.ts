import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ARTICLE_STATUSES, ArticleStatus } from '../article.entity';
import { IfPresent, IsNotBlank } from '../../../common/not-blank.validator';

export class ArticleChangesDto {
  @ApiPropertyOptional({ maxLength: 255, description: 'A new title gives a new slug' })
  @IfPresent()
  @MaxLength(255)
  @IsNotBlank()
  title?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @MaxLength(2000)
  @IsNotBlank()
  description?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @MaxLength(200_000)
  @IsNotBlank()
  body?: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Replaces the tags; omit to keep them, [] to clear them; null is invalid',
  })
  @IfPresent()
  // Checked bottom-up, stopping at the first failure: the array first, then its items.
  @MaxLength(64, { each: true })
  @IsNotBlank({ each: true })
  @ArrayMaxSize(20)
  @IsArray()
  tagList?: string[];

  @ApiPropertyOptional({ enum: ARTICLE_STATUSES, description: 'Publishing sets publishedAt' })
  @IfPresent()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;

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
  @ApiProperty({ type: ArticleChangesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ArticleChangesDto)
  article: ArticleChangesDto;
}
