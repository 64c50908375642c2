import { StartupError } from '../../libs/database/startup-error';
import type { EnvReader } from './env-reader';
import { HttpCacheConfig, loadHttpCacheConfig } from './http-cache-config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface HttpConfig {
  /** Origins allowed to call the API from a browser: exact origins, `scheme://host:*`, or `*`; [] for none. */
  corsOrigins: string[];
  logLevel: LogLevel;
  /** How long a shutdown waits for requests in flight before it cuts their connections. */
  shutdownTimeoutMs: number;
  /** Cache-Control of reads (README, "HTTP caching"). */
  cache: HttpCacheConfig;
}

/** Outside production, any page served from this machine (a frontend's dev server) may call the API. */
const LOCAL_FRONTENDS = 'http://localhost:*,http://127.0.0.1:*';

const ORIGIN = /^https?:\/\/(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:(\d{1,5}|\*))?$/i;

function parseOrigins(raw: string): string[] {
  if (raw.trim() === 'none') return [];
  const origins = raw
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  for (const origin of origins) {
    if (origin !== '*' && !ORIGIN.test(origin)) {
      throw new StartupError(
        `Invalid configuration: CORS_ORIGINS must list origins like https://app.example.com or http://localhost:* (got "${origin}")`,
      );
    }
  }
  return origins;
}

export function loadHttpConfig(read: EnvReader, nodeEnv: string): HttpConfig {
  return {
    corsOrigins: parseOrigins(
      read.string('CORS_ORIGINS', nodeEnv === 'production' ? '' : LOCAL_FRONTENDS),
    ),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600_000),
    cache: loadHttpCacheConfig(read),
  };
}
