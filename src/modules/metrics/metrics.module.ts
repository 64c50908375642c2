import { Global, Module } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { MetricsConfig } from '../../config/metrics-config';
import { DatabasePoolCollector } from './database-pool.collector';
import { HttpMetricsCollector } from './http-metrics.collector';
import { JobQueueCollector } from './job-queue.collector';
import { METRICS_CONFIG, metricsConfigProvider } from './metrics-config.provider';
import { MetricsEndpoint } from './metrics-endpoint';
import { MetricsListener } from './metrics-listener';
import { ReplicaCollector } from './replica.collector';

/**
 * Prometheus metrics (GET /metrics, prom-client): requests by route and status, the database pool,
 * the job queues, the event loop and the process. Served only when METRICS_PORT or METRICS_TOKEN is set.
 *
 * Global, and the registry is prom-client's own `Registry` class as the injection token: any module,
 * libs/ included, adds a gauge without importing this module:
 * `constructor(registry: Registry)`, then `new Gauge({ name, help, registers: [registry], collect() {...} })`
 * (read the value in `collect`, at scrape time, rather than on every event).
 */
@Global()
@Module({
  providers: [
    metricsConfigProvider,
    {
      provide: Registry,
      inject: [METRICS_CONFIG],
      useFactory: (config: MetricsConfig) => {
        const registry = new Registry();
        // Event-loop delay, CPU, memory, GC, handles: sampled continuously (the event-loop histogram)
        // or read at scrape time, so only when someone may scrape them.
        if (config.enabled) collectDefaultMetrics({ register: registry });
        return registry;
      },
    },
    HttpMetricsCollector,
    DatabasePoolCollector,
    ReplicaCollector,
    JobQueueCollector,
    MetricsEndpoint,
    MetricsListener,
  ],
  exports: [Registry],
})
export class MetricsModule {
  /**
   * The request hook and the public route, from configureApp(), before Nest declares its routes.
   * With metrics off, nothing is added: requests pay nothing.
   */
  static install(app: NestFastifyApplication): void {
    const config = app.get<MetricsConfig>(METRICS_CONFIG);
    if (!config.enabled) return;
    const fastify = app.getHttpAdapter().getInstance();
    app.get(HttpMetricsCollector).install(fastify);
    app.get(MetricsEndpoint).installPublicRoute(fastify);
  }
}
