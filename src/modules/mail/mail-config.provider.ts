import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';

/** SMTP_URL, MAIL_FROM and DEV_OUTBOX. */
export interface MailConfig {
  smtpUrl?: string;
  mailFrom: string;
  devOutbox: boolean;
}

export const MAIL_CONFIG = Symbol('folio.mailConfig');

export const mailConfigProvider: Provider = {
  provide: MAIL_CONFIG,
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig, true>): MailConfig => {
    const { smtpUrl, mailFrom, devOutbox } = config.get('auth', { infer: true });
    return { smtpUrl, mailFrom, devOutbox };
  },
};
