import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../../config/app-config';
import type { MetricsConfig } from '../../config/metrics-config';

export const METRICS_CONFIG = Symbol('folio.metricsConfig');

export const metricsConfigProvider: Provider = {
  provide: METRICS_CONFIG,
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig, true>): MetricsConfig => config.get('metrics'),
};
