/** How many kinds of error are remembered; past it they are forgotten (each is logged again). */
const KINDS = 100;

/**
 * One log line a minute per kind of error, with how many like it were left out. pg-boss reports each
 * worker's failed poll: with the database gone, that was about nine lines every two seconds for as long
 * as the outage lasted. A kind is the message without pg-boss's `(Queue: …, Worker: …)`.
 */
export class RepeatedErrors {
  private readonly seen = new Map<string, { at: number; more: number }>();

  constructor(
    private readonly log: (line: string) => void,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  report(message: string): void {
    const kind = message.replace(/\s*\(Queue: [^)]*\)\s*$/, '');
    const at = this.now();
    const last = this.seen.get(kind);
    if (last && at - last.at < this.windowMs) {
      last.more += 1;
      return;
    }
    if (!last && this.seen.size >= KINDS) this.seen.clear();
    this.seen.set(kind, { at, more: 0 });
    const more = last?.more
      ? ` (and ${last.more} more like it in the ${Math.round(this.windowMs / 1000)} s before)`
      : '';
    this.log(`${message}${more}`);
  }
}
