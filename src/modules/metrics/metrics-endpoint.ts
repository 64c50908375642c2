import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { MetricsConfig } from '../../config/metrics-config';
import { METRICS_CONFIG } from './metrics-config.provider';
import { MetricsToken } from './metrics-token';

export const METRICS_PATH = '/metrics';

export interface MetricsAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** GET /metrics, wherever it is served: the token check (when METRICS_TOKEN is set), then the scrape. */
@Injectable()
export class MetricsEndpoint {
  private readonly token?: MetricsToken;

  constructor(
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly registry: Registry,
  ) {
    this.token = config.token === undefined ? undefined : new MetricsToken(config.token);
  }

  async answer(authorization: string | undefined): Promise<MetricsAnswer> {
    const check = this.token?.check(authorization) ?? 'ok';
    if (check !== 'ok') {
      // The API's error shape, with the words its own token guard uses.
      const message = check === 'missing' ? 'is missing' : 'is invalid';
      return {
        status: 401,
        headers: { 'content-type': JSON_TYPE, 'www-authenticate': 'Bearer realm="metrics"' },
        body: JSON.stringify({ errors: { token: [message] } }),
      };
    }
    return {
      status: 200,
      headers: { 'content-type': this.registry.contentType, 'cache-control': 'no-store' },
      body: await this.registry.metrics(),
    };
  }

  /**
   * With METRICS_TOKEN and no METRICS_PORT, /metrics is a route of the public server, outside the API
   * prefix and Nest's guards (the token is not a user's). With METRICS_PORT it is served there only.
   */
  installPublicRoute(fastify: FastifyInstance): void {
    if (!this.config.enabled || this.config.port !== undefined) return;
    fastify.get(METRICS_PATH, async (request, reply) => {
      const answer = await this.answer(request.headers.authorization);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
  }
}
