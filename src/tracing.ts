import { FastifyOtelInstrumentation } from '@fastify/otel';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { Span } from '@opentelemetry/api';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { loggableUrl } from './common/loggable-url';
import type { TracingConfig } from './config/tracing-config';

/** Scrapes and probes arrive every few seconds from machines: a trace each would be noise. */
const UNTRACED = /^\/(metrics|health\/(live|ready)|db-status)\/?(\?|$)/;

/** The HTTP instrumentation's attributes that may hold a request's query string. */
const URL_ATTRIBUTES = ['url.full', 'url.path', 'url.query', 'http.url', 'http.target'] as const;

/** The attributes a span has been given so far (the SDK's span keeps them; the API's type hides them). */
function attributesOf(span: Span): Record<string, unknown> {
  return (span as Span & { attributes?: Record<string, unknown> }).attributes ?? {};
}

/**
 * A server span's URL attributes (the HTTP instrumentation's and Fastify's) as the access log writes the URL: a secret-looking parameter
 * (`?token=` of a mailed verification or reset link, a provider's `code`) keeps its name, not its value.
 */
function redactQuery(span: Span, request: IncomingMessage): void {
  const url = request.url;
  if (typeof url !== 'string' || !url.includes('?')) return;
  const safeUrl = loggableUrl(url);
  if (safeUrl === url) return;
  const query = safeUrl.slice(safeUrl.indexOf('?') + 1);
  // The attributes the instrumentation set, replaced; none added.
  const set = attributesOf(span);
  for (const name of URL_ATTRIBUTES) {
    const value = set[name];
    if (typeof value !== 'string') continue;
    const at = value.indexOf('?');
    span.setAttribute(
      name,
      name === 'url.query' ? query : at < 0 ? value : `${value.slice(0, at)}?${query}`,
    );
  }
}

/**
 * An outgoing request's span keeps the server it went to (server.address, server.port) but not the
 * path and query: a webhook URL often is its own secret (a chat service's incoming-hook URL, a
 * request bin's token), and Folio never logs it either.
 */
function redactOutgoingUrl(span: Span): void {
  const set = attributesOf(span);
  for (const name of URL_ATTRIBUTES) {
    const value = set[name];
    if (typeof value !== 'string') continue;
    const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(value)?.[0] ?? '';
    span.setAttribute(name, name === 'url.query' ? 'REDACTED' : `${origin}/REDACTED`);
  }
}

/** The HTTP instrumentation's hook: a server's request (IncomingMessage) or an outgoing one. */
function redactUrls(span: Span, request: IncomingMessage | ClientRequest): void {
  if ('headers' in request) redactQuery(span, request);
  else redactOutgoingUrl(span);
}

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
        requestHook: redactUrls,
      }),
      // Names the server span by its route (GET /api/articles/:slug); the handler gets a child span,
      // the lifecycle hooks (security checks, caching, metrics) none.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        ignorePaths: ({ url }) => UNTRACED.test(url),
        // Its request span's url.path holds the query string too.
        requestHook: (span, request) => redactQuery(span, request.raw),
      }),
      // Statements only inside a traced request or job, not pg-boss's polling. No parameter values:
      // they hold emails and password hashes.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return sdk;
}
