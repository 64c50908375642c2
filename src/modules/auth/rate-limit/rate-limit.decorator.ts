import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RATE_LIMIT, RateLimitOptions } from './rate-limit-options';
import { RateLimitGuard } from './rate-limit.guard';

/** Counts the route's calls per IP and per account; over the limit, 429 with Retry-After. */
export const RateLimit = (options: RateLimitOptions) =>
  applyDecorators(SetMetadata(RATE_LIMIT, options), UseGuards(RateLimitGuard));
