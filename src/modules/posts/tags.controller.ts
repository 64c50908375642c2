import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../accounts/public.decorator';
import { ArticleListsService } from './article-lists.service';
import { TagsResponseDto } from './dto/article-response.dto';

@ApiTags('tags')
@Controller('tags')
export class TagsController {
  constructor(private readonly lists: ArticleListsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Every tag on a published article, by name' })
  @ApiOkResponse({ type: TagsResponseDto })
  async list(): Promise<TagsResponseDto> {
    return { tags: await this.lists.tagsInUse() };
  }
}
