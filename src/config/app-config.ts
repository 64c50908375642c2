import { availableParallelism } from 'node:os';
import { EMBEDDED_DEFAULTS } from '../../libs/database/database-url';
import type { ReplicaOptions } from '../../libs/database/replica-router';
import { StartupError } from '../../libs/database/startup-error';
import { normalizedEmail } from '../common/email-address';
import { Env, EnvReader } from './env-reader';
import { HttpConfig, loadHttpConfig } from './http-config';
import { JobsConfig, loadJobsConfig, loadWebhooksConfig, WebhooksConfig } from './jobs-config';
import { loadMediaConfig, MediaConfig } from './media-config';
import { loadMetricsConfig, MetricsConfig } from './metrics-config';
import { loadOAuthConfig, OAuthConfig } from './oauth-config';
import { assertProductionSecrets } from './production-secrets';
import { loadReplicaConfig } from './replica-config';
import { DEFAULT_SITE_TITLE, loadSiteConfig, SiteConfig } from './site-config';
import { loadTracingConfig, TracingConfig } from './tracing-config';

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  database: {
    poolSize: number;
    statementTimeoutMs: number;
    preparedStatements: boolean;
    runMigrations: boolean;
    replicas: ReplicaOptions;
  };
  http: HttpConfig;
  site: SiteConfig;
  auth: AuthConfig;
  posts: PostsConfig;
  oauth: OAuthConfig;
  jobs: JobsConfig;
  webhooks: WebhooksConfig;
  media: MediaConfig;
  metrics: MetricsConfig;
  tracing: TracingConfig;
}

/** Who may write articles: everyone signed in (RealWorld's way) or only users with a staff role. */
export const ARTICLE_WRITERS = ['open', 'staff-only'] as const;
export type ArticleWriters = (typeof ARTICLE_WRITERS)[number];

export interface PostsConfig {
  articleWriters: ArticleWriters;
  /** How many of the newest published articles search's recent tier keeps (the trim job's bound). */
  searchRecentArticles: number;
}

export interface RateLimitRule {
  perIp: number;
  perAccount: number;
}

export interface AuthConfig {
  tokenTtlDays: number;
  /** GET /api/dev/outbox: the mails kept when there is no SMTP; never in production. */
  devOutbox: boolean;
  requireVerified: boolean;
  argon2: { memoryKib: number; iterations: number; parallelism: number; concurrency: number };
  appUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  redisUrl?: string;
  rateLimit: {
    enabled: boolean;
    windowSeconds: number;
    keyPrefix: string;
    login: RateLimitRule;
    register: RateLimitRule;
    mail: RateLimitRule;
    write: RateLimitRule;
    search: RateLimitRule;
  };
  firstSuperuser?: { email: string; username: string; password: string };
}

/** Validates the environment once, at boot. */
export function loadConfig(env: Env, read = new EnvReader(env)): AppConfig {
  // The database itself is resolved before the app is built (libs/database/database-url.ts): check it here.
  read.url('DATABASE_URL', ['postgres', 'postgresql']);
  for (const name of ['POSTGRES_HOST', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB'])
    read.string(name, '');
  read.integer('POSTGRES_PORT', 5432, 1, 65535);
  read.string('EMBEDDED_PG_DATA', EMBEDDED_DEFAULTS.dataDir);
  read.integer('EMBEDDED_PG_PORT', EMBEDDED_DEFAULTS.port, 1, 65535);
  const nodeEnv = read.oneOf(
    'NODE_ENV',
    ['development', 'production', 'test'] as const,
    'development',
  );
  const host = read.string('HOST', '127.0.0.1');
  const port = read.integer('PORT', 3000, 0, 65535);
  const auth = loadAuthConfig(
    read,
    nodeEnv,
    host,
    port,
    read.string('SITE_TITLE', DEFAULT_SITE_TITLE),
  );
  const media = loadMediaConfig(read);
  const config: AppConfig = {
    nodeEnv,
    host,
    port,
    database: {
      poolSize: read.integer('DATABASE_POOL_SIZE', 10, 1, 500),
      statementTimeoutMs: read.integer('DATABASE_STATEMENT_TIMEOUT_MS', 30000, 0, 3_600_000),
      preparedStatements: read.boolean('DATABASE_PREPARED_STATEMENTS', true),
      runMigrations: read.boolean('MIGRATIONS_RUN', true),
      replicas: loadReplicaConfig(read, auth.redisUrl),
    },
    // Outside production, pages show uploads linked through another name of this machine (localhost
    // for 127.0.0.1); in production APP_URL names the one address readers use.
    http: loadHttpConfig(read, nodeEnv, [
      ...(nodeEnv === 'production' ? [] : [auth.appUrl]),
      ...redirectedImageUrls(media),
    ]),
    // One public address for the mailed links and the site's feeds, sitemap and heads.
    site: loadSiteConfig(read, auth.appUrl),
    auth,
    posts: {
      articleWriters: read.oneOf('ARTICLE_WRITERS', ARTICLE_WRITERS, 'open'),
      searchRecentArticles: read.integer('SEARCH_RECENT_ARTICLES', 50_000, 1, 100_000_000),
    },
    oauth: loadOAuthConfig(read, env, auth.appUrl, nodeEnv),
    jobs: loadJobsConfig(read),
    webhooks: loadWebhooksConfig(read, nodeEnv),
    media,
    metrics: loadMetricsConfig(read, host, port),
    tracing: loadTracingConfig(read),
  };
  // Last, so that it sees every variable the sections above read (secrets included).
  if (nodeEnv === 'production') assertProductionSecrets(env, read.names);
  return config;
}

/** Where a browser is sent for an upload when GET /media/... answers with a 302 to the S3 store. */
function redirectedImageUrls(media: MediaConfig): (string | undefined)[] {
  if (media.storage !== 's3' || !media.s3.redirect) return [];
  return [media.s3.publicUrl ?? media.s3.endpoint];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The outbox holds password-reset links: on by default only for a development server that nobody
 * else can reach, never in production.
 */
function devOutbox(read: EnvReader, nodeEnv: AppConfig['nodeEnv'], host: string): boolean {
  const enabled = read.boolean('DEV_OUTBOX', nodeEnv === 'development' && LOOPBACK.has(host));
  if (enabled && nodeEnv === 'production') {
    throw new StartupError('Invalid configuration: DEV_OUTBOX cannot be on in production');
  }
  return enabled;
}

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Where this server is reached when APP_URL is not set (the web app is served by the API): on a
 * loopback or every-interface HOST that is localhost, otherwise HOST itself; always at PORT.
 */
export function defaultAppUrl(host: string, port: number): string {
  const name = LOOPBACK.has(host) || ANY_ADDRESS.has(host) ? 'localhost' : host;
  const authority = name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
  return `http://${authority}${port === 80 ? '' : `:${port}`}`;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const USERNAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** A mailbox's display name, quoted as RFC 5322 quotes one (`"Anna's \"Notes\""`). */
const displayName = (name: string) => `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;

function loadAuthConfig(
  read: EnvReader,
  nodeEnv: AppConfig['nodeEnv'],
  host: string,
  port: number,
  siteTitle: string,
): AuthConfig {
  const rule = (name: string, perIp: number, perAccount: number): RateLimitRule => ({
    perIp: read.integer(`AUTH_RATE_LIMIT_${name}_PER_IP`, perIp, 1, 1_000_000),
    perAccount: read.integer(`AUTH_RATE_LIMIT_${name}_PER_ACCOUNT`, perAccount, 1, 1_000_000),
  });
  const appUrl = read.url('APP_URL', ['http', 'https']) ?? defaultAppUrl(host, port);
  const superuserEmail = normalizedEmail(read.string('FIRST_SUPERUSER_EMAIL', ''));
  const superuserPassword = read.string('FIRST_SUPERUSER_PASSWORD', '');
  if (Boolean(superuserEmail) !== Boolean(superuserPassword)) {
    throw new StartupError(
      'Invalid configuration: FIRST_SUPERUSER_EMAIL and FIRST_SUPERUSER_PASSWORD must be set together',
    );
  }
  if (superuserEmail && (!EMAIL.test(superuserEmail) || superuserEmail.length > 254)) {
    throw new StartupError('Invalid configuration: FIRST_SUPERUSER_EMAIL must be an email address');
  }
  const superuserUsername = read.string('FIRST_SUPERUSER_USERNAME', 'admin');
  if (!USERNAME.test(superuserUsername)) {
    throw new StartupError(
      'Invalid configuration: FIRST_SUPERUSER_USERNAME may only hold Latin letters (A-Z, a-z), digits, _ . and - (at most 64)',
    );
  }
  if (superuserPassword && (superuserPassword.length < 8 || superuserPassword.length > 128)) {
    throw new StartupError(
      'Invalid configuration: FIRST_SUPERUSER_PASSWORD must be 8 to 128 characters long',
    );
  }
  return {
    tokenTtlDays: read.integer('AUTH_TOKEN_TTL_DAYS', 30, 1, 3650),
    devOutbox: devOutbox(read, nodeEnv, host),
    requireVerified: read.boolean('AUTH_REQUIRE_VERIFIED', false),
    argon2: {
      memoryKib: read.integer('AUTH_ARGON2_MEMORY_KIB', 65536, 8192, 4_194_304),
      iterations: read.integer('AUTH_ARGON2_ITERATIONS', 3, 1, 100),
      parallelism: read.integer('AUTH_ARGON2_PARALLELISM', 1, 1, 16),
      // One core is left to the other requests.
      concurrency: read.integer(
        'AUTH_ARGON2_CONCURRENCY',
        Math.max(1, availableParallelism() - 1),
        1,
        1024,
      ),
    },
    appUrl: appUrl.replace(/\/+$/, ''),
    smtpUrl: read.url('SMTP_URL', ['smtp', 'smtps']),
    // The blog's name, not Folio's: a mail from an unknown sender looks like spam.
    mailFrom: read.string('MAIL_FROM', `${displayName(siteTitle)} <no-reply@folio.localhost>`),
    redisUrl: read.url('REDIS_URL', ['redis', 'rediss']),
    rateLimit: {
      enabled: read.boolean('AUTH_RATE_LIMIT_ENABLED', true),
      windowSeconds: read.integer('AUTH_RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
      keyPrefix: read.string('AUTH_RATE_LIMIT_PREFIX', 'folio:rl:'),
      login: rule('LOGIN', 30, 10),
      register: rule('REGISTER', 30, 5),
      mail: rule('MAIL', 10, 3),
      write: rule('WRITE', 300, 60),
      search: rule('SEARCH', 120, 60),
    },
    firstSuperuser: superuserEmail
      ? {
          email: superuserEmail,
          username: superuserUsername,
          password: superuserPassword,
        }
      : undefined,
  };
}
