import autocannon from 'autocannon';
import { Context, Endpoint, HttpRequest, seededRandom } from './endpoints';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number;
  requests: number;
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

/**
 * Folio and the floor on one endpoint, in alternation, `rounds` times; each server's round with the
 * median req/s stands for it, so that a burst of noise from elsewhere on the machine hits one round only.
 */
export async function compare(
  folioUrl: string,
  floorUrl: string,
  endpoint: Endpoint,
  options: LoadOptions,
): Promise<{ folio: LoadResult; floor: LoadResult }> {
  const folio: LoadResult[] = [];
  const floor: LoadResult[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const warmup = round === 0 ? options.warmup : 0;
    folio.push(await load(folioUrl, endpoint, { ...options, warmup }));
    floor.push(await load(floorUrl, endpoint, { ...options, warmup }));
  }
  const median = (results: LoadResult[]) =>
    [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)[
      Math.floor(results.length / 2)
    ];
  return { folio: median(folio), floor: median(floor) };
}

/** autocannon on one endpoint: a warm-up, then `duration` seconds measured. Loopback only. */
export async function load(
  baseUrl: string,
  endpoint: Endpoint,
  options: Omit<LoadOptions, 'rounds'>,
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url: baseUrl,
      connections: options.connections,
      duration,
      timeout: 10,
      requests: requests(endpoint, { next: 1 }),
    });
  if (options.warmup > 0) await run(options.warmup);
  const result = await run(options.duration);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}
