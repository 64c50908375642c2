import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { WebhooksConfig } from '../../config/jobs-config';

/** WEBHOOK_* and how long the delivery log is kept (JOBS_RETENTION_DAYS). */
export type WebhooksSettings = WebhooksConfig & { retentionSeconds: number };

export const WEBHOOKS_CONFIG = Symbol('folio.webhooksConfig');

export const webhooksConfigProvider: Provider = {
  provide: WEBHOOKS_CONFIG,
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig, true>): WebhooksSettings => ({
    ...config.get('webhooks', { infer: true }),
    retentionSeconds: config.get('jobs', { infer: true }).retentionSeconds,
  }),
};
