/** A WAL position (`16/B374D848`) as a number that compares and subtracts. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text.trim());
  if (!match) throw new Error(`not a WAL position: ${JSON.stringify(text)}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/**
 * The primary's WAL position over the last moments, sampled by the replica monitor, to tell how far
 * behind in time a replica's replayed position is.
 *
 * Why not `now() - pg_last_xact_replay_timestamp()` on the replica: on an idle primary that grows
 * forever although nothing is missing, and a replica whose receiver is cut off looks current. Comparing
 * with what the primary had written, and when, measures the data a replica is missing.
 */
export class WalHistory {
  private readonly samples: { at: number; lsn: bigint }[] = [];

  /** @param keepMs how far back to remember: a lag beyond it is reported as at least that. */
  constructor(private readonly keepMs: number) {}

  record(at: number, lsn: bigint): void {
    this.samples.push({ at, lsn });
    // One sample older than the horizon stays: it bounds the lag of a replica behind all the others.
    while (this.samples.length > 2 && this.samples[1].at < at - this.keepMs) this.samples.shift();
  }

  /**
   * How long ago the primary first held WAL that `replayed` lacks: 0 when the replica has replayed
   * everything sampled. A lower bound on its staleness, short by at most one sampling interval.
   */
  lagOf(replayed: bigint, now: number): number {
    const missing = this.samples.find((sample) => sample.lsn > replayed);
    return missing === undefined ? 0 : Math.max(0, now - missing.at);
  }
}
