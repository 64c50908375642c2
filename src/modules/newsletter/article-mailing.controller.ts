import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { ArticleMailingResponseDto } from './dto/newsletter.dto';
import { NewsletterSendingService } from './newsletter-sending.service';

/** How an article's newsletter mailing went, for those who may edit the article. */
@ApiTags('newsletter')
@Controller('articles/:slug/newsletter')
export class ArticleMailingController {
  constructor(private readonly sending: NewsletterSendingService) {}

  @Get()
  @ApiRoute({
    summary:
      "The article's newsletter mailing: whether it is mailed, to how many subscribers it was queued, how many mails went (those who may edit it)",
    ok: ArticleMailingResponseDto,
    errors: [403, 404],
  })
  @ApiToken()
  async mailing(
    @Param('slug') slug: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<ArticleMailingResponseDto> {
    return { mailing: await this.sending.mailingOf(reader, slug) };
  }
}
