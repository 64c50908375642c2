import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiErrors } from '../../docs/api-errors.decorator';
import { RATE_LIMIT, RateLimitedRequest, RateLimitOptions } from './rate-limit-options';
import { RateLimitGuard } from './rate-limit.guard';

/** Counts the route's calls per IP and per account; over the limit, 429 with Retry-After (documented). */
export const RateLimit = (options: RateLimitOptions) =>
  applyDecorators(SetMetadata(RATE_LIMIT, options), UseGuards(RateLimitGuard), ApiErrors(429));

/** Per IP only, where nobody is known yet: a provider sign-in, a mailed link's token. */
export const IpRateLimit = (action: RateLimitOptions['action']) =>
  RateLimit({ action, account: () => undefined });

const signedInUser = (request: RateLimitedRequest) =>
  request.authUser ? `user:${request.authUser.id}` : undefined;

/** Writes where abuse is cheap (articles, comments, favorites, follows): per IP and per user. */
export const WriteRateLimit = () => RateLimit({ action: 'write', account: signedInUser });

/** Full-text searches (lists with `q`): per IP and per user; plain lists are not counted. */
export const SearchRateLimit = () =>
  RateLimit({
    action: 'search',
    account: signedInUser,
    when: (request) => typeof request.query?.q === 'string' && request.query.q !== '',
  });
