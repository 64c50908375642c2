import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IfPresent, IsNotBlank } from '../../../common/not-blank.validator';

export class NewCategoryDto {
  @ApiProperty({ example: 'Программирование', maxLength: 64, description: 'Gives the slug' })
  @MaxLength(64)
  @IsNotBlank()
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class CreateCategoryDto {
  @ApiProperty({ type: NewCategoryDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => NewCategoryDto)
  category: NewCategoryDto;
}

export class CategoryChangesDto {
  @ApiPropertyOptional({ maxLength: 64, description: 'A new name gives a new slug' })
  @IfPresent()
  @MaxLength(64)
  @IsNotBlank()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateCategoryDto {
  @ApiProperty({ type: CategoryChangesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => CategoryChangesDto)
  category: CategoryChangesDto;
}

export class CategoryDto {
  @ApiProperty({ example: 'programmirovanie' })
  slug: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: 'integer', description: 'Published articles in the category' })
  articlesCount: number;
}

export class SingleCategoryResponseDto {
  @ApiProperty({ type: CategoryDto })
  category: CategoryDto;
}

export class MultipleCategoriesResponseDto {
  @ApiProperty({ type: [CategoryDto] })
  categories: CategoryDto[];
}
