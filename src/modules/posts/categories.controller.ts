import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';
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
  @ApiOperation({ summary: 'Every category with its number of published articles' })
  @ApiOkResponse({ type: MultipleCategoriesResponseDto })
  async list(): Promise<MultipleCategoriesResponseDto> {
    return { categories: await this.categories.list() };
  }

  @SuperuserOnly()
  @Post()
  @ApiOperation({ summary: 'Create a category (superusers)' })
  @ApiCreatedResponse({ type: SingleCategoryResponseDto })
  @ApiToken()
  @ApiErrors(403, 409, 422)
  async create(@Body() input: CreateCategoryDto): Promise<SingleCategoryResponseDto> {
    return { category: await this.categories.create(input.category) };
  }

  @SuperuserOnly()
  @Put(':slug')
  @ApiOperation({ summary: 'Rename or describe a category (superusers)' })
  @ApiOkResponse({ type: SingleCategoryResponseDto })
  @ApiToken()
  @ApiErrors(403, 404, 409, 422)
  async update(
    @Param('slug') slug: string,
    @Body() input: UpdateCategoryDto,
  ): Promise<SingleCategoryResponseDto> {
    return { category: await this.categories.update(slug, input.category) };
  }

  @SuperuserOnly()
  @Delete(':slug')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a category; its articles stay, uncategorized (superusers)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiToken()
  @ApiErrors(403, 404)
  delete(@Param('slug') slug: string): Promise<void> {
    return this.categories.delete(slug);
  }
}
