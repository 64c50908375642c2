import { Controller, Get, Inject } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AppConfig } from '../../config/app-config';
import { NODE_ENV } from './auth-config.provider';
import { MailerService, SentMail } from './mail/mailer.service';
import { Public } from './public.decorator';

/** Without SMTP, outside production: the mails the app would have sent, so flows work with no setup. */
@Controller('dev/outbox')
export class DevOutboxController {
  constructor(
    private readonly mailer: MailerService,
    @Inject(NODE_ENV) private readonly nodeEnv: AppConfig['nodeEnv'],
  ) {}

  @Public()
  @Get()
  list(): { mails: readonly SentMail[] } {
    if (this.mailer.usesSmtp || this.nodeEnv === 'production') {
      throw new ApiError(404, { route: 'GET /api/dev/outbox is off (SMTP_URL set or production)' });
    }
    return { mails: this.mailer.sentMails() };
  }
}
