import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../../docs/api-route.decorator';
import { Public } from '../accounts/public.decorator';
import { RequireRole } from '../accounts/roles.decorator';
import { CategoriesService } from './categories.service';
import {
  CreateCategoryDto,
  MultipleCategoriesResponseDto,
  SingleCategoryResponseDto,
  UpdateCategoryDto,
} from './dto/category.dto';

@ApiTags('categories')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Public()
  @Get()
  @ApiRoute({
    summary: 'Every category with its number of published articles',
    ok: MultipleCategoriesResponseDto,
  })
  async list(): Promise<MultipleCategoriesResponseDto> {
    return { categories: await this.categories.list() };
  }

  @RequireRole('editor')
  @Post()
  @ApiRoute({
    summary: 'Create a category (editors and administrators)',
    created: SingleCategoryResponseDto,
    errors: [409, 422],
  })
  async create(@Body() input: CreateCategoryDto): Promise<SingleCategoryResponseDto> {
    return { category: await this.categories.create(input.category) };
  }

  @RequireRole('editor')
  @Put(':slug')
  @ApiRoute({
    summary: 'Rename or describe a category (editors and administrators)',
    ok: SingleCategoryResponseDto,
    errors: [404, 409, 422],
  })
  async update(
    @Param('slug') slug: string,
    @Body() input: UpdateCategoryDto,
  ): Promise<SingleCategoryResponseDto> {
    return { category: await this.categories.update(slug, input.category) };
  }

  @RequireRole('editor')
  @Delete(':slug')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete a category; its articles stay, uncategorized (editors and administrators)',
    noContent: 'Deleted',
    errors: [404],
  })
  delete(@Param('slug') slug: string): Promise<void> {
    return this.categories.delete(slug);
  }
}
