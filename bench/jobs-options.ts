import { resolve } from 'node:path';
import { LoadOptions } from './load';
import { argumentReader } from './options';

/** The command line of `npm run bench:jobs`. */
export interface JobsBenchOptions extends LoadOptions {
  quick: boolean;
  /** The checkout whose build (dist/) runs; this one by default. */
  folio?: string;
  /** Sequential article creations timed from their 201 to the receiver. */
  latencyCount: number;
  /** Deliveries queued while no worker runs, then drained. */
  drainCount: number;
  /** How long a round waits for earlier rounds' deliveries before it starts anyway. */
  settleMs: number;
  /** Part 1 only: no latency, no drain (to repeat the before/after comparison). */
  throughputOnly: boolean;
  /** WEBHOOK_CONCURRENCY of each drain. */
  drainConcurrency: number[];
}

const USAGE = `npm run bench:jobs -- [--quick] [--folio <checkout with a built dist/>] [--duration s] [--warmup s]
                           [--rounds n] [--connections n] [--latency n] [--drain n] [--throughput-only]`;

export function parseJobsOptions(argv: readonly string[]): JobsBenchOptions {
  const options: JobsBenchOptions = {
    quick: false,
    connections: 32,
    duration: 10,
    warmup: 3,
    rounds: 3,
    latencyCount: 300,
    drainCount: 3000,
    settleMs: 30_000,
    throughputOnly: false,
    drainConcurrency: [4, 16],
  };
  const { value, number } = argumentReader(argv, USAGE);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      Object.assign(options, {
        quick: true,
        duration: 1,
        warmup: 0,
        rounds: 1,
        latencyCount: 10,
        drainCount: 20,
        settleMs: 1000,
      });
    } else if (arg === '--folio') options.folio = resolve(value(i++));
    else if (arg === '--duration') options.duration = number(i++, 0.5);
    else if (arg === '--warmup') options.warmup = number(i++, 0);
    else if (arg === '--rounds') options.rounds = number(i++, 1);
    else if (arg === '--connections') options.connections = number(i++, 1);
    else if (arg === '--latency') options.latencyCount = number(i++, 1);
    else if (arg === '--drain') options.drainCount = number(i++, 1);
    else if (arg === '--throughput-only') options.throughputOnly = true;
    else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}
