import { Controller, Get, Inject } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { MAIL_CONFIG, MailConfig } from './mail-config.provider';
import { MailerService, SentMail } from './mailer.service';
import { Public } from '../accounts/public.decorator';

/**
 * Without SMTP, on a development server: the mails the app would have sent, so flows work with no
 * setup. Off unless DEV_OUTBOX allows it (by default: development on a loopback address only).
 */
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly mailer: MailerService,
    @Inject(MAIL_CONFIG) private readonly config: MailConfig,
  ) {}

  @Public()
  @Get()
  list(): { mails: readonly SentMail[] } {
    if (this.mailer.usesSmtp || !this.config.devOutbox) {
      throw new ApiError(404, { route: 'GET /api/dev/outbox is off (see DEV_OUTBOX)' });
    }
    return { mails: this.mailer.sentMails() };
  }
}
