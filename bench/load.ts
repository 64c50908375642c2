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

/** autocannon on one endpoint: a warm-up, then `duration` seconds measured. Loopback only. */
export async function load(
  baseUrl: string,
  endpoint: Endpoint,
  options: { connections: number; duration: number; warmup: number },
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
