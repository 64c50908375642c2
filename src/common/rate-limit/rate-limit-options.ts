export type RateLimitAction = 'login' | 'register' | 'mail' | 'write' | 'search';

/** What the guard reads of a request. */
export interface RateLimitedRequest {
  ip: string;
  body?: unknown;
  query?: Record<string, unknown>;
  /** Left by the global auth guard, which runs first. */
  authUser?: { id: number };
}

export interface RateLimitOptions {
  action: RateLimitAction;
  /** Who the account is (an email, the signed-in user), to count per account as well as per IP. */
  account: (request: RateLimitedRequest) => unknown;
  /** Count only the calls this accepts (search: lists with a query). */
  when?: (request: RateLimitedRequest) => boolean;
}

export const RATE_LIMIT = 'folio:auth:rate-limit';
