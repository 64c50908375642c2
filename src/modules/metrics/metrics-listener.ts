import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { StartupError } from '../../../libs/database/startup-error';
import type { MetricsConfig } from '../../config/metrics-config';
import { METRICS_CONFIG } from './metrics-config.provider';
import { METRICS_PATH, MetricsEndpoint } from './metrics-endpoint';

const JSON_TYPE = 'application/json; charset=utf-8';

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new StartupError(
      `the metrics port ${port} on ${host} is in use by another program; stop it or set METRICS_PORT`,
    );
  }
  if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') {
    return new StartupError(
      `cannot serve metrics on ${host}:${port} (${error.code}); set METRICS_HOST and METRICS_PORT`,
    );
  }
  return error;
}

/**
 * METRICS_PORT: /metrics on a listener of its own (a port the firewall keeps inside), apart from the
 * public server, so no route, hook or proxy of the public site ever reaches it. It serves that one
 * path; METRICS_TOKEN, when set too, is required there as well.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server?: Server;

  constructor(
    @Inject(METRICS_CONFIG) private readonly config: MetricsConfig,
    private readonly endpoint: MetricsEndpoint,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, host } = this.config;
    if (port === undefined) return;
    const server = createServer((request, response) => void this.serve(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      throw listenError(error, host, port);
    });
    // Once listening, an error (a failed accept) is logged: with no listener it would end the process.
    server.on('error', (error) => this.logger.error(`The metrics listener: ${error.message}`));
    this.server = server;
    this.logger.log(
      `Metrics are served at http://${host.includes(':') ? `[${host}]` : host}:${port}${METRICS_PATH}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Prometheus keeps its connection open between scrapes: nothing on it is worth waiting for.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?', 1)[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': JSON_TYPE });
      response.end(JSON.stringify({ errors: { route: ['not found'] } }));
      return;
    }
    try {
      const answer = await this.endpoint.answer(request.headers.authorization);
      response.writeHead(answer.status, answer.headers);
      response.end(request.method === 'HEAD' ? undefined : answer.body);
    } catch (error) {
      this.logger.error(`A scrape failed: ${(error as Error).message}`);
      response.writeHead(500, { 'content-type': JSON_TYPE });
      response.end(JSON.stringify({ errors: { server: ['internal error'] } }));
    }
  }
}
