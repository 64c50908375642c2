import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, AuthConfig } from '../../config/app-config';

/** The limits (AUTH_RATE_LIMIT_*) and where the counters live (REDIS_URL). */
export interface RateLimitConfig {
  settings: AuthConfig['rateLimit'];
  redisUrl?: string;
}

export const RATE_LIMIT_CONFIG = Symbol('folio.rateLimitConfig');

export const rateLimitConfigProvider: Provider = {
  provide: RATE_LIMIT_CONFIG,
  inject: [ConfigService],
  useFactory: (config: ConfigService<AppConfig, true>): RateLimitConfig => {
    const { rateLimit, redisUrl } = config.get('auth', { infer: true });
    return { settings: rateLimit, redisUrl };
  },
};
