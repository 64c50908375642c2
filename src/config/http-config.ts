import ipaddr from 'ipaddr.js';
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
  /** How long a client may take to send a whole request (head and body) before it gets a 408. */
  requestTimeoutMs: number;
  /** Cache-Control of reads (README, "HTTP caching"). */
  cache: HttpCacheConfig;
  /**
   * The proxies whose X-Forwarded-For names the client (request.ip: rate limits per IP, logs): their
   * addresses or CIDR ranges, or how many proxies stand in front; false for none (clients connect).
   */
  trustProxy: false | string[] | number;
  /**
   * The plain-http origins, besides the page's own, whose images the site's pages may show (https
   * images are allowed from anywhere): outside production APP_URL's, which uploads are linked from, so
   * that a page opened at http://127.0.0.1:3000 shows the uploads linked as http://localhost:3000/media/...;
   * a redirecting S3 store's.
   */
  imageOrigins: string[];
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

/** proxy-addr's names for ranges (what Fastify's trustProxy takes besides addresses and CIDRs). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Behind a load balancer every request comes from its address: without this, the per-IP rate limits
 * count the whole world as one client. Naming the proxies (not `true`) keeps a client that reaches an
 * instance directly from choosing its own address with a forged header.
 */
function parseTrustProxy(raw: string): HttpConfig['trustProxy'] {
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false' || value === 'none') return false;
  const invalid = (why: string) =>
    new StartupError(`Invalid configuration: TRUST_PROXY ${why} (got "${raw}")`);
  if (value === 'true') {
    throw invalid('must name the proxies (addresses or CIDR ranges) or count them, not true');
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10) throw invalid('must count 1 to 10 proxies');
    return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    if (!RANGE_NAMES.has(entry) && !ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry)) {
      throw invalid(
        'must list addresses or CIDR ranges (10.0.0.0/8, loopback, ...), or a number of proxies',
      );
    }
  }
  return entries;
}

/** The origins of those of `urls` served over plain http (an https image is allowed anyway). */
function plainHttpOrigins(urls: (string | undefined)[]): string[] {
  const origins = urls
    .filter((url) => url?.startsWith('http:'))
    .map((url) => new URL(url as string).origin);
  return [...new Set(origins)];
}

/** `imageUrls`: where the site's own images are linked from (APP_URL, MEDIA_S3_PUBLIC_URL). */
export function loadHttpConfig(
  read: EnvReader,
  nodeEnv: string,
  imageUrls: (string | undefined)[] = [],
): HttpConfig {
  return {
    imageOrigins: plainHttpOrigins(imageUrls),
    corsOrigins: parseOrigins(
      read.string('CORS_ORIGINS', nodeEnv === 'production' ? '' : LOCAL_FRONTENDS),
    ),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    shutdownTimeoutMs: read.integer('SHUTDOWN_TIMEOUT_MS', 10000, 0, 600_000),
    requestTimeoutMs: read.integer('HTTP_REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000),
    cache: loadHttpCacheConfig(read, nodeEnv),
    trustProxy: parseTrustProxy(read.string('TRUST_PROXY', 'false')),
  };
}
