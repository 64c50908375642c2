import { Global, Module } from '@nestjs/common';
import { RATE_LIMIT_CONFIG, rateLimitConfigProvider } from './rate-limit-config.provider';
import { RATE_LIMIT_STORE } from './rate-limit-store';
import { RateLimitStoreCloser, rateLimitStoreProvider } from './rate-limit-store.provider';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * Global: a feature module puts @RateLimit(...) (or @WriteRateLimit(), @SearchRateLimit()) on a route
 * without importing anything. The guard those decorators attach is built in the controller's module,
 * and finds its store and config here.
 */
@Global()
@Module({
  providers: [
    rateLimitConfigProvider,
    rateLimitStoreProvider,
    RateLimitStoreCloser,
    RateLimitGuard,
  ],
  exports: [RATE_LIMIT_CONFIG, RATE_LIMIT_STORE, RateLimitGuard],
})
export class RateLimitModule {}
