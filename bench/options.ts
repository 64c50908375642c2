/** The command line of `npm run bench`. */
export interface BenchOptions {
  /** Articles in the data set; users, comments, favorites and follows grow with it. */
  articles: number;
  /** Seconds of load per endpoint and server, after a warm-up. */
  duration: number;
  warmup: number;
  /** Alternations of Folio and floor per endpoint; the median round counts. */
  rounds: number;
  connections: number;
  quick: boolean;
  /** Only the endpoints whose name contains one of these (all when empty). */
  only: string[];
  /** Seed again even when a seeded database of this size and seed version exists. */
  reseed: boolean;
  /** Keep the seeded database afterwards (the default, but in quick mode). */
  keep: boolean;
  /** Run only the statement count and JSON comparison, no load. */
  countOnly: boolean;
  /** Extra environment for Folio (`--folio-env LOG_LEVEL=warn`), e.g. to measure a setting's cost. */
  folioEnv: Record<string, string>;
  /** Only EXPLAIN ANALYZE Folio's list statements into bench/results/explain-<articles>.txt. */
  explain: boolean;
  /** Write a CPU profile of Folio under load to bench/results/profiles/ (node --cpu-prof). */
  profile: boolean;
}

/** Reads the value after the flag at `index`: as text, or as a number of at least `min`. */
export function argumentReader(argv: readonly string[], usage: string) {
  const value = (index: number): string => {
    const next = argv[index + 1];
    if (next === undefined) throw new Error(`${argv[index]} needs a value\n${usage}`);
    return next;
  };
  const number = (index: number, min: number): number => {
    const parsed = Number(value(index));
    if (!Number.isFinite(parsed) || parsed < min) throw new Error(`${argv[index]}: bad value`);
    return parsed;
  };
  return { value, number };
}

const USAGE = `npm run bench -- [--quick] [--scale 10000|100000|1000000] [--duration s] [--rounds n] [--connections n]
                      [--only name,...] [--reseed] [--drop] [--count-only] [--profile] [--explain] [--folio-env KEY=VALUE]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    articles: 10_000,
    duration: 4,
    warmup: 2,
    rounds: 3,
    connections: 32,
    quick: false,
    only: [],
    reseed: false,
    keep: true,
    countOnly: false,
    profile: false,
    explain: false,
    folioEnv: {},
  };
  const { value, number } = argumentReader(argv, USAGE);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      Object.assign(options, {
        quick: true,
        articles: 1000,
        duration: 1,
        warmup: 0,
        rounds: 1,
        keep: false,
      });
      options.connections = 16;
    } else if (arg === '--scale') options.articles = number(i++, 100);
    else if (arg === '--duration') options.duration = number(i++, 0.5);
    else if (arg === '--warmup') options.warmup = number(i++, 0);
    else if (arg === '--rounds') options.rounds = number(i++, 1);
    else if (arg === '--connections') options.connections = number(i++, 1);
    else if (arg === '--only') options.only = value(i++).split(',');
    else if (arg === '--reseed') options.reseed = true;
    else if (arg === '--drop') options.keep = false;
    else if (arg === '--count-only') options.countOnly = true;
    else if (arg === '--profile') options.profile = true;
    else if (arg === '--explain') options.explain = true;
    else if (arg === '--folio-env') {
      const [key, ...rest] = value(i++).split('=');
      options.folioEnv[key] = rest.join('=');
    } else if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    else throw new Error(`unknown option ${arg}\n${USAGE}`);
  }
  return options;
}
