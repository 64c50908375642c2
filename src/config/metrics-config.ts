import { StartupError } from '../../libs/database/startup-error';
import type { EnvReader } from './env-reader';

/**
 * GET /metrics (src/modules/metrics). Unset, nothing is measured and nothing is served: the metrics
 * describe the server (routes, pool, queues), which is no business of the public.
 */
export interface MetricsConfig {
  /** Served at all: METRICS_PORT or METRICS_TOKEN is set. */
  enabled: boolean;
  /** Its own listener's port (METRICS_PORT); absent: served on the public port, behind the token. */
  port?: number;
  /** Its own listener's address; HOST by default. */
  host: string;
  /** The bearer token a scrape must carry (METRICS_TOKEN), compared in constant time. */
  token?: string;
}

/** What an Authorization header can carry: visible ASCII, no spaces. */
const TOKEN = /^[\x21-\x7e]+$/;

export function loadMetricsConfig(read: EnvReader, host: string, port: number): MetricsConfig {
  const rawPort = read.string('METRICS_PORT', '');
  const metricsPort = rawPort ? read.integer('METRICS_PORT', 0, 1, 65535) : undefined;
  if (metricsPort !== undefined && metricsPort === port) {
    throw new StartupError(
      'Invalid configuration: METRICS_PORT must differ from PORT (unset it to serve /metrics on PORT with METRICS_TOKEN)',
    );
  }
  const token = read.string('METRICS_TOKEN', '') || undefined;
  if (token !== undefined && !TOKEN.test(token)) {
    // The token itself is never echoed.
    throw new StartupError(
      'Invalid configuration: METRICS_TOKEN may only hold visible ASCII characters, no spaces',
    );
  }
  return {
    enabled: metricsPort !== undefined || token !== undefined,
    port: metricsPort,
    host: read.string('METRICS_HOST', host),
    token,
  };
}
