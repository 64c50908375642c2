import { StartupError } from '../../libs/database/startup-error';
import type { EnvReader } from './env-reader';

/** The trace exporters the OpenTelemetry Node SDK knows (OTEL_TRACES_EXPORTER, a comma list). */
const TRACE_EXPORTERS = new Set(['otlp', 'console', 'zipkin', 'none']);
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/**
 * OpenTelemetry tracing (src/tracing.ts), set by the standard OTEL_* variables, which the SDK itself
 * reads: these are the ones that decide whether it starts, checked here so that a typo stops the start
 * instead of silently sending nothing.
 */
export interface TracingConfig {
  /** On when OTEL_TRACES_EXPORTER names an exporter or an OTLP endpoint is set; OTEL_SDK_DISABLED wins. */
  enabled: boolean;
  /** Where spans go, for the start-up line (never the headers, which may hold an API key). */
  exporters: string[];
  protocol: (typeof OTLP_PROTOCOLS)[number];
  serviceName: string;
}

export function loadTracingConfig(read: EnvReader): TracingConfig {
  const disabled = read.boolean('OTEL_SDK_DISABLED', false);
  const listed = read
    .string('OTEL_TRACES_EXPORTER', '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = listed.find((name) => !TRACE_EXPORTERS.has(name));
  if (unknown !== undefined) {
    throw new StartupError(
      `Invalid configuration: OTEL_TRACES_EXPORTER must list some of ${[...TRACE_EXPORTERS].join(', ')} (got "${unknown}")`,
    );
  }
  const tracesEndpoint = read.url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http', 'https']);
  const endpoint = read.url('OTEL_EXPORTER_OTLP_ENDPOINT', ['http', 'https']);
  const protocol = read.oneOf(
    'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
    OTLP_PROTOCOLS,
    read.oneOf('OTEL_EXPORTER_OTLP_PROTOCOL', OTLP_PROTOCOLS, 'http/protobuf'),
  );
  const serviceName = read.string('OTEL_SERVICE_NAME', 'folio');
  // The SDK's own rules: unset means otlp; "none" alone turns traces off, beside others it means otlp.
  const asked =
    listed.length > 0
      ? listed.some((name) => name !== 'none')
      : Boolean(tracesEndpoint ?? endpoint);
  return {
    enabled: asked && !disabled,
    exporters: listed.length === 0 || listed.includes('none') ? ['otlp'] : listed,
    protocol,
    serviceName,
  };
}
