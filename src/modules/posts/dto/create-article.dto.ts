import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ARTICLE_STATUSES, ArticleStatus } from '../article.entity';
import { IfPresent, IsNotBlank } from '../../../common/not-blank.validator';

export class NewArticleDto {
  @ApiProperty({ example: 'How to train your dragon', maxLength: 255 })
  @MaxLength(255)
  @IsNotBlank()
  title: string;

  @ApiProperty({ example: 'Ever wonder how?' })
  @MaxLength(2000)
  @IsNotBlank()
  description: string;

  @ApiProperty({ example: 'You have to believe' })
  @MaxLength(200_000)
  @IsNotBlank()
  body: string;

  @ApiPropertyOptional({ type: [String], example: ['dragons', 'training'], maxItems: 20 })
  @IfPresent()
  // Checked bottom-up, stopping at the first failure: the array first, then its items.
  @MaxLength(64, { each: true })
  @IsNotBlank({ each: true })
  @ArrayMaxSize(20)
  @IsArray()
  tagList?: string[];

  @ApiPropertyOptional({ enum: ARTICLE_STATUSES, default: 'published' })
  @IfPresent()
  @IsIn(ARTICLE_STATUSES)
  status?: ArticleStatus;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'A category slug' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  category?: string | null;
}

export class CreateArticleDto {
  @ApiProperty({ type: NewArticleDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewArticleDto)
  article: NewArticleDto;
}
