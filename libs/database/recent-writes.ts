/**
 * Who wrote in the last moments: their reads must see their writes, so they go to the primary.
 * Shared by every instance (Redis) when they run behind a load balancer: a write through one instance
 * and the next read through another.
 */
export interface RecentWrites {
  /** `reader` wrote just now: remember it for `windowMs`. */
  record(reader: string, windowMs: number): Promise<void>;
  has(reader: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The in-process store, for a single instance. */
export class MemoryRecentWrites implements RecentWrites {
  private readonly until = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  record(reader: string, windowMs: number): Promise<void> {
    this.until.set(reader, this.now() + windowMs);
    return Promise.resolve();
  }

  has(reader: string): Promise<boolean> {
    return Promise.resolve((this.until.get(reader) ?? 0) > this.now());
  }

  close(): Promise<void> {
    clearInterval(this.sweeper);
    this.until.clear();
    return Promise.resolve();
  }

  private sweep(): void {
    const now = this.now();
    for (const [reader, until] of this.until) if (until <= now) this.until.delete(reader);
  }
}
