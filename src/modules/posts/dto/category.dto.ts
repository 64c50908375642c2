import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IfPresent, NotBlankText } from '../../../common/not-blank.validator';
import { NestedObject } from '../../../common/nested-object.decorator';
import { OptionalText } from '../../../common/optional-text.validator';

export class NewCategoryDto {
  @ApiProperty({ example: 'Программирование', maxLength: 64, description: 'Gives the slug' })
  @NotBlankText(64)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(2000)
  description?: string | null;
}

export class CreateCategoryDto {
  @NestedObject(NewCategoryDto)
  category: NewCategoryDto;
}

export class CategoryChangesDto {
  @ApiPropertyOptional({ maxLength: 64, description: 'A new name gives a new slug' })
  @IfPresent()
  @NotBlankText(64)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @OptionalText(2000)
  description?: string | null;
}

export class UpdateCategoryDto {
  @NestedObject(CategoryChangesDto)
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
