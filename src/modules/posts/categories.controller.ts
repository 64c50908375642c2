import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../../docs/api-route.decorator';
import { Public } from '../accounts/public.decorator';
import { SuperuserOnly } from '../accounts/superuser.decorator';
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

  @SuperuserOnly()
  @Post()
  @ApiRoute({
    summary: 'Create a category (superusers)',
    created: SingleCategoryResponseDto,
    errors: [409, 422],
  })
  async create(@Body() input: CreateCategoryDto): Promise<SingleCategoryResponseDto> {
    return { category: await this.categories.create(input.category) };
  }

  @SuperuserOnly()
  @Put(':slug')
  @ApiRoute({
    summary: 'Rename or describe a category (superusers)',
    ok: SingleCategoryResponseDto,
    errors: [404, 409, 422],
  })
  async update(
    @Param('slug') slug: string,
    @Body() input: UpdateCategoryDto,
  ): Promise<SingleCategoryResponseDto> {
    return { category: await this.categories.update(slug, input.category) };
  }

  @SuperuserOnly()
  @Delete(':slug')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete a category; its articles stay, uncategorized (superusers)',
    noContent: 'Deleted',
    errors: [404],
  })
  delete(@Param('slug') slug: string): Promise<void> {
    return this.categories.delete(slug);
  }
}
