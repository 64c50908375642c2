/**
 * What a test server received (mails, webhook requests), and a wait for what has not arrived yet: the
 * waits wake on each arrival instead of polling.
 */
export class Arrivals<T> {
  readonly all: T[] = [];
  private waiters: (() => void)[] = [];

  add(item: T): void {
    this.all.push(item);
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Waits until `count` arrivals match `match`, and returns them; `describe` words the time-out. */
  async waitFor(
    match: (item: T) => boolean,
    count: number,
    timeoutMs: number,
    describe: (found: number) => string,
  ): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.all.filter(match);
      if (found.length >= count) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(describe(found.length));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
