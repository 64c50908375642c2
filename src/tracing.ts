import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { TracingConfig } from './config/tracing-config';

/** Scrapes and probes arrive every few seconds from machines: a trace each would be noise. */
const UNTRACED = /^\/(metrics|health\/(live|ready)|db-status)\/?(\?|$)/;

/**
 * OpenTelemetry's Node SDK with the HTTP, Fastify and pg instrumentations, configured by the standard
 * OTEL_* variables (exporter, endpoint, protocol, headers, sampler, resource). Loaded by
 * tracing-preload.ts, before anything it instruments, and only when tracing is on.
 */
export function startTracing(config: TracingConfig): NodeSDK {
  // Folio's metrics are Prometheus's (/metrics) and its logs pino's: the SDK would otherwise send its
  // own of both to the OTLP endpoint. OTEL_METRICS_EXPORTER / OTEL_LOGS_EXPORTER still turn them on.
  process.env.OTEL_METRICS_EXPORTER ||= 'none';
  process.env.OTEL_LOGS_EXPORTER ||= 'none';
  // OTEL_SERVICE_NAME, or service.name in OTEL_RESOURCE_ATTRIBUTES, or "folio".
  const named = /(^|,)\s*service\.name\s*=/.test(process.env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || !named ? config.serviceName : undefined,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request) => UNTRACED.test(request.url ?? ''),
      }),
      // Names the server span by its route (GET /api/articles/:slug); the handler gets a child span,
      // the lifecycle hooks (security checks, caching, metrics) none.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        ignorePaths: ({ url }) => UNTRACED.test(url),
      }),
      // Statements only inside a traced request or job, not pg-boss's polling. No parameter values:
      // they hold emails and password hashes.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return sdk;
}
