import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import { RATE_LIMIT_CONFIG, RateLimitConfig } from './rate-limit-config.provider';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit-store';
import type { RedisRateLimitStore } from './redis-rate-limit-store';

/** Redis when REDIS_URL is set (shared by every instance), this process's memory otherwise. */
export const rateLimitStoreProvider: Provider = {
  provide: RATE_LIMIT_STORE,
  inject: [RATE_LIMIT_CONFIG],
  useFactory: (config: RateLimitConfig): RateLimitStore =>
    config.redisUrl ? new (redisStore())(config.redisUrl) : new MemoryRateLimitStore(),
};

/** Required only with REDIS_URL: ioredis adds ~15 MB to every process that loads it. */
function redisStore(): typeof RedisRateLimitStore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./redis-rate-limit-store') as typeof import('./redis-rate-limit-store'))
    .RedisRateLimitStore;
}

@Injectable()
export class RateLimitStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
