/** A fixed-window counter shared by every instance that uses the same store. */
export interface RateLimitStore {
  /** Counts one hit on `key` and tells the count in the current window and the ms left in it. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  close(): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('folio.rateLimitStore');
