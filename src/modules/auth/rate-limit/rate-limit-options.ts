export type RateLimitAction = 'login' | 'register' | 'mail';

export interface RateLimitOptions {
  action: RateLimitAction;
  /** Where the account (an email) is in the body, to count per account as well as per IP. */
  account: (body: unknown) => unknown;
}

export const RATE_LIMIT = 'folio:auth:rate-limit';
