import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiOptionalToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Public } from '../accounts/public.decorator';
import { RequireRole } from '../accounts/roles.decorator';
import {
  CreateStaticPageDto,
  MultipleStaticPagesResponseDto,
  SingleStaticPageResponseDto,
  UpdateStaticPageDto,
} from './dto/static-page.dto';
import { StaticPagesService } from './static-pages.service';

@ApiTags('pages')
@Controller('pages')
export class StaticPagesController {
  constructor(private readonly pages: StaticPagesService) {}

  @Public()
  @ApiOptionalToken()
  @Get()
  @ApiRoute({
    summary:
      "The published pages (editors and administrators: the drafts too), the menu's in menu order first, without bodies",
    ok: MultipleStaticPagesResponseDto,
  })
  async list(@CurrentUser() reader?: AuthUser): Promise<MultipleStaticPagesResponseDto> {
    return { pages: await this.pages.list(reader) };
  }

  @Public()
  @ApiOptionalToken()
  @Get(':slug')
  @ApiRoute({
    summary: 'One page; a draft only for editors and administrators',
    ok: SingleStaticPageResponseDto,
    errors: [404],
  })
  async get(
    @Param('slug') slug: string,
    @CurrentUser() reader?: AuthUser,
  ): Promise<SingleStaticPageResponseDto> {
    return { page: await this.pages.view(slug, reader) };
  }

  @RequireRole('editor')
  @Post()
  @ApiRoute({
    summary: 'Write a page (a draft unless status is published; editors and administrators)',
    created: SingleStaticPageResponseDto,
    errors: [409, 422],
  })
  async create(
    @Body() input: CreateStaticPageDto,
    @CurrentUser() author: AuthUser,
  ): Promise<SingleStaticPageResponseDto> {
    return { page: await this.pages.create(author, input.page) };
  }

  @RequireRole('editor')
  @Put(':slug')
  @ApiRoute({
    summary:
      'Edit, publish or unpublish a page, or place it in the menu (editors and administrators)',
    ok: SingleStaticPageResponseDto,
    errors: [404, 409, 422],
  })
  async update(
    @Param('slug') slug: string,
    @Body() input: UpdateStaticPageDto,
  ): Promise<SingleStaticPageResponseDto> {
    return { page: await this.pages.update(slug, input.page) };
  }

  @RequireRole('editor')
  @Delete(':slug')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete a page (editors and administrators)',
    noContent: 'Deleted',
    errors: [404],
  })
  delete(@Param('slug') slug: string): Promise<void> {
    return this.pages.delete(slug);
  }
}
