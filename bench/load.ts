import autocannon from 'autocannon';
import { Context, Endpoint, HttpRequest, seededRandom } from './endpoints';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
  /** The server process's CPU time (user and system) per measured request, in µs. */
  cpuMicrosPerRequest?: number;
}

interface Connection {
  bench?: Context;
}

/** Requests built per connection from a seeded context, so both servers get the same sequence. */
function requests(endpoint: Endpoint, seed: { next: number }) {
  return endpoint.requests.map((make) => ({
    setupRequest: (request: object, context: Connection) => {
      context.bench ??= { random: seededRandom(seed.next++) };
      const built: HttpRequest = make(context.bench);
      return { ...request, ...built };
    },
  }));
}

export interface LoadOptions {
  connections: number;
  duration: number;
  warmup: number;
  rounds: number;
}

/** The round with the median req/s. */
export function medianRound(results: readonly LoadResult[]): LoadResult {
  return [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
    Math.floor(results.length / 2)
  ];
}

/**
 * Each contender measured once per round, in turn, `rounds` times; each one's median round stands for
 * it, so that a burst of noise from elsewhere on the machine hits one round only.
 */
export async function alternateRounds<K extends string>(
  rounds: number,
  contenders: Record<K, (round: number) => Promise<LoadResult>>,
): Promise<Record<K, LoadResult>> {
  const names = Object.keys(contenders) as K[];
  const results = new Map<K, LoadResult[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) results.get(name)?.push(await contenders[name](round));
  }
  return Object.fromEntries(
    names.map((name) => [name, medianRound(results.get(name) ?? [])]),
  ) as Record<K, LoadResult>;
}

/** Folio and the floor on one endpoint, in alternation, `rounds` times (see alternateRounds). */
export function compare(
  folio: MeasuredServer,
  floor: MeasuredServer,
  endpoint: Endpoint,
  options: LoadOptions,
): Promise<{ folio: LoadResult; floor: LoadResult }> {
  const round = (server: MeasuredServer) => (n: number) =>
    load(server, endpoint, { ...options, warmup: n === 0 ? options.warmup : 0 });
  return alternateRounds(options.rounds, { folio: round(folio), floor: round(floor) });
}

/** A server under load: where it listens, and its process's CPU time so far (µs). */
export interface MeasuredServer {
  url: string;
  cpuMicros(): number;
}

/** autocannon on one endpoint: a warm-up, then `duration` seconds measured. Loopback only. */
export async function load(
  server: MeasuredServer,
  endpoint: Endpoint,
  options: Omit<LoadOptions, 'rounds'>,
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: server.url,
      connections: options.connections,
      duration,
      timeout: 10,
      requests: requests(endpoint, { next: 1 }),
    });
  if (options.warmup > 0) await run(options.warmup);
  const cpuBefore = server.cpuMicros();
  const result = await run(options.duration);
  const cpu = server.cpuMicros() - cpuBefore;
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    cpuMicrosPerRequest:
      Number.isFinite(cpu) && result.requests.total > 0
        ? Math.round(cpu / result.requests.total)
        : undefined,
  };
}
