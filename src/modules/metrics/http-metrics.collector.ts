import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Histogram, Registry } from 'prom-client';

/** The route label of a request no route matched (a 404 from the router): one label for any path. */
export const UNMATCHED_ROUTE = 'unmatched';

/** An article answers in about a millisecond: prom-client's default buckets start at 5 ms. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Requests by route and status: one histogram, whose `_count` is the request rate. Labelled by the
 * route's pattern (`/api/articles/:slug`), never by the URL, so the number of series stays bounded.
 */
@Injectable()
export class HttpMetricsCollector {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'folio_http_request_duration_seconds',
      help: 'Time from receiving a request to sending its answer, by route pattern and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /**
   * The whole per-request cost of the metrics: one observation when the answer is sent, from what
   * Fastify already measured (elapsedTime) and matched (the route). A callback hook, not an async
   * one, so no promise is made per request.
   */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      this.duration.observe(
        {
          method: request.method,
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          status_code: reply.statusCode,
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}
