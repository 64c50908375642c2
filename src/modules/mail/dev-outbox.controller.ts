import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiError } from '../../common/api-exception.filter';
import { ApiRoute } from '../../docs/api-route.decorator';
import { Public } from '../accounts/public.decorator';
import { OutboxResponseDto } from './dto/outbox-response.dto';
import { MAIL_CONFIG, MailConfig } from './mail-config.provider';
import { MailerService } from './mailer.service';

/**
 * Without SMTP, on a development server: the mails the app would have sent, so flows work with no
 * setup. Off unless DEV_OUTBOX allows it (by default: development on a loopback address only).
 */
@ApiTags('dev')
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly mailer: MailerService,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {}

  @Public()
  @Get()
  @ApiRoute({
    summary: 'The mails kept instead of sent (development without SMTP only)',
    ok: OutboxResponseDto,
    errors: [404],
  })
  list(): OutboxResponseDto {
    if (this.mailer.usesSmtp || !this.config.devOutbox) {
      throw new ApiError(404, { route: 'GET /api/dev/outbox is off (see DEV_OUTBOX)' });
    }
    return { mails: [...this.mailer.sentMails()] };
  }
}
