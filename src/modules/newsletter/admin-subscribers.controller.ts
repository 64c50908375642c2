import { Delete, Get, HttpCode, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { IdPipe } from '../../common/id.pipe';
import { ApiErrors } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AdminController } from '../accounts/roles.decorator';
import {
  ListSubscribersQuery,
  SubscriberFilterQuery,
  SubscribersResponseDto,
} from './dto/newsletter.dto';
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

  @Get('export')
  @ApiOperation({
    summary:
      'The subscribers (by status and part of the email, as the list filters them) as CSV: email, status, created_at, confirmed_at, unsubscribed_at, in the order they were added; `npm run cli -- import-subscribers` reads it back (administrators)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'A CSV file with a header row',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiErrors(422)
  async export(@Query() filter: SubscriberFilterQuery, @Res() reply: FastifyReply): Promise<void> {
    const day = new Date().toISOString().slice(0, 10);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="subscribers-${day}.csv"`)
      .send(Readable.from(this.newsletter.exportCsv(filter)));
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
