import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { JobsConfig } from '../../config/jobs-config';

/** SMTP_URL, MAIL_FROM, DEV_OUTBOX and the mail queue's MAIL_* settings. */
export interface MailConfig {
  smtpUrl?: string;
  mailFrom: string;
  devOutbox: boolean;
  queue: JobsConfig['mail'];
  retentionSeconds: number;
}

export const MAIL_CONFIG = Symbol('folio.mailConfig');

export const mailConfigProvider: Provider = {
  provide: MAIL_CONFIG,
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig, true>): MailConfig => {
    const { smtpUrl, mailFrom, devOutbox } = config.get('auth', { infer: true });
    const jobs = config.get('jobs', { infer: true });
    return {
      smtpUrl,
      mailFrom,
      devOutbox,
      queue: jobs.mail,
      retentionSeconds: jobs.retentionSeconds,
    };
  },
};
