import Redis from 'ioredis';
import { RecentWrites } from './recent-writes';

const PREFIX = 'folio:recent-write:';

/** The shared store: a key per recent writer, expiring with its window. */
export class RedisRecentWrites implements RecentWrites {
  private readonly redis: Redis;

  constructor(url: string) {
    // A slow Redis must not hold requests: a command that takes longer fails, and the read goes to the
    // primary (has() failing counts as a recent write). Connected on first use.
    this.redis = new Redis(url, {
      maxRetriesPerRequest: 1,
      commandTimeout: 500,
      lazyConnect: true,
    });
    this.redis.on('error', () => undefined);
  }

  async record(reader: string, windowMs: number): Promise<void> {
    await this.redis.set(`${PREFIX}${reader}`, '1', 'PX', windowMs);
  }

  async has(reader: string): Promise<boolean> {
    return (await this.redis.exists(`${PREFIX}${reader}`)) === 1;
  }

  async close(): Promise<void> {
    // Never used (no write, no signed-in read while a replica was usable): nothing to say goodbye to.
    if (this.redis.status === 'wait') return this.redis.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
