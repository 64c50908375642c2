import { Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { IdPipe } from '../../common/id.pipe';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AdminController } from '../accounts/roles.decorator';
import { ListSubscribersQuery, SubscribersResponseDto } from './dto/newsletter.dto';
import { NewsletterService } from './newsletter.service';

/** The newsletter's addresses, for administrators: personal data, seen by them only. */
@AdminController('subscribers')
export class AdminSubscribersController {
  constructor(private readonly newsletter: NewsletterService) {}

  @Get()
  @ApiRoute({
    summary:
      'Newsletter subscribers, newest first, by status and part of the email, with the counts by status (administrators)',
    ok: SubscribersResponseDto,
    errors: [422],
  })
  list(@Query() query: ListSubscribersQuery): Promise<SubscribersResponseDto> {
    return this.newsletter.list(query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Forget a subscriber: the address and which articles it was mailed (administrators)',
    noContent: 'Deleted',
    errors: [404],
  })
  delete(@Param('id', new IdPipe('subscriber')) id: number): Promise<void> {
    return this.newsletter.delete(id);
  }
}
