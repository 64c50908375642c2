import { Injectable } from '@nestjs/common';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Category } from './category.entity';
import { CategoriesRepository, CategoryRow } from './categories.repository';
import { CategoryChangesDto, CategoryDto, NewCategoryDto } from './dto/category.dto';
import { ApiError } from '../../common/api-exception.filter';
import { pickFields } from '../../common/pick-fields';
import { plainSlug } from '../../common/slug';
import { UniqueViolationError } from '../../../libs/database/database-errors';

/** The column holds 80 characters; a name must give a slug of its own, or two would collide. */
const CATEGORY_SLUG_LENGTH = 80;

function categorySlug(name: string): string {
  const slug = plainSlug(name, CATEGORY_SLUG_LENGTH);
  if (!slug) throw new ApiError(422, { name: 'must contain a letter or digit' });
  return slug;
}

/** The slug comes from the name: a taken slug is the client's name taken (another case, other signs). */
function asNameTaken(error: unknown): unknown {
  return error instanceof UniqueViolationError && error.field === 'slug'
    ? new UniqueViolationError('name', error.constraint)
    : error;
}

function present(row: CategoryRow): CategoryDto {
  return pickFields(row, ['slug', 'name', 'description', 'articlesCount']);
}

/** Categories are few and curated: a taken name or slug is a 409, not a suffix. */
@Injectable()
export class CategoriesService {
  constructor(private readonly categories: CategoriesRepository) {}

  async list(): Promise<CategoryDto[]> {
    return (await this.categories.listWithCounts()).map(present);
  }

  async create(input: NewCategoryDto): Promise<CategoryDto> {
    const name = input.name.trim();
    const category = await this.categories
      .create({ name, slug: categorySlug(name), description: input.description ?? null })
      .catch((error: unknown) => {
        throw asNameTaken(error);
      });
    return present({ ...category, articlesCount: 0 });
  }

  async update(slug: string, changes: CategoryChangesDto): Promise<CategoryDto> {
    const category = await this.categories.getOne({ slug });
    const set: QueryDeepPartialEntity<Category> = {};
    if (changes.name !== undefined) {
      set.name = changes.name.trim();
      set.slug = categorySlug(set.name);
    }
    if (changes.description !== undefined) set.description = changes.description;
    const updated = await this.categories.update(category.id, set).catch((error: unknown) => {
      throw asNameTaken(error);
    });
    return present({ ...updated, articlesCount: await this.categories.countArticles(updated.id) });
  }

  /** Its articles stay, without a category. */
  async delete(slug: string): Promise<void> {
    const category = await this.categories.getOne({ slug });
    await this.categories.delete(category.id);
  }
}
