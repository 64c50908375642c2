import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute } from '../../docs/api-route.decorator';
import { Public } from '../accounts/public.decorator';
import { ArticleListsService } from './article-lists.service';
import { TagsResponseDto } from './dto/article-response.dto';

@ApiTags('tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly lists: ArticleListsService) {}

  @Public()
  @Get()
  @ApiRoute({
    summary: 'Every tag on a published article, the most used first, then by name',
    ok: TagsResponseDto,
  })
  async list(): Promise<TagsResponseDto> {
    return { tags: await this.lists.tagsInUse() };
  }
}
