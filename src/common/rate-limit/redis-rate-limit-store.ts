import Redis from 'ioredis';
import { RateLimitStore } from './rate-limit-store';

// INCR and the window's expiry in one atomic step, so no counter is ever left without a TTL.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/** The shared store: every instance pointed at the same Redis sees the same counters. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(url: string) {
    // A Redis that does not answer (paused, partitioned) must not hold sign-ins: a command fails after
    // half a second, queued ones too, and the guard lets the request through (logged).
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: true,
      commandTimeout: 500,
    });
    // Connection trouble surfaces on the next hit; without a listener ioredis would log every retry.
    this.redis.on('error', () => undefined);
  }

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [
      number,
      number,
    ];
    return { count, resetInMs: ttl };
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
