import type { EnvReader } from './env-reader';

const DAY_SECONDS = 86_400;

/** The job queue (pg-boss) and the mail queue. */
export interface JobsConfig {
  /** Run the workers in this instance; off, it only enqueues (another instance works). */
  workers: boolean;
  /** Connections of pg-boss's own pool, beside the app's. */
  poolSize: number;
  /** How often an idle worker looks for jobs that came due (retries); new jobs wake it at once. */
  pollIntervalSeconds: number;
  /** How often jobs of a dead worker are put back for retry, and queue counts refreshed. */
  monitorIntervalSeconds: number;
  /** How long finished and failed jobs are kept (for inspection) before pg-boss deletes them. */
  retentionSeconds: number;
  mail: {
    concurrency: number;
    maxAttempts: number;
    /** The first retry's delay; each next one doubles (with jitter), up to retryDelayMaxSeconds. */
    retryDelaySeconds: number;
    retryDelayMaxSeconds: number;
  };
}

/** Outgoing webhooks (src/modules/webhooks). */
export interface WebhooksConfig {
  concurrency: number;
  maxAttempts: number;
  retryDelaySeconds: number;
  /** A delivery's whole request: connect, send, answer. */
  timeoutMs: number;
  /** An endpoint with no successful delivery for this long is disabled at its next failure. */
  disableAfterSeconds: number;
  /** Deliver to private, loopback and link-local addresses (tests, a trusted network). */
  allowPrivate: boolean;
  /** Endpoints must be https (production). */
  requireHttps: boolean;
}

export function loadJobsConfig(read: EnvReader): JobsConfig {
  return {
    workers: read.boolean('JOBS_WORKERS', true),
    poolSize: read.integer('JOBS_POOL_SIZE', 4, 2, 100),
    pollIntervalSeconds: read.integer('JOBS_POLL_INTERVAL_SECONDS', 5, 1, 600),
    monitorIntervalSeconds: read.integer('JOBS_MONITOR_INTERVAL_SECONDS', 10, 1, 3600),
    retentionSeconds: read.integer('JOBS_RETENTION_DAYS', 14, 1, 365) * DAY_SECONDS,
    mail: {
      concurrency: read.integer('MAIL_CONCURRENCY', 2, 1, 100),
      maxAttempts: read.integer('MAIL_MAX_ATTEMPTS', 12, 1, 100),
      retryDelaySeconds: read.integer('MAIL_RETRY_DELAY_SECONDS', 30, 1, DAY_SECONDS),
      retryDelayMaxSeconds: read.integer('MAIL_RETRY_DELAY_MAX_SECONDS', 3600, 1, 7 * DAY_SECONDS),
    },
  };
}

export function loadWebhooksConfig(read: EnvReader, nodeEnv: string): WebhooksConfig {
  return {
    concurrency: read.integer('WEBHOOK_CONCURRENCY', 4, 1, 100),
    maxAttempts: read.integer('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    retryDelaySeconds: read.integer('WEBHOOK_RETRY_DELAY_SECONDS', 450, 1, DAY_SECONDS),
    timeoutMs: read.integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    disableAfterSeconds: read.integer(
      'WEBHOOK_DISABLE_AFTER_SECONDS',
      DAY_SECONDS,
      1,
      30 * DAY_SECONDS,
    ),
    allowPrivate: read.boolean('WEBHOOK_ALLOW_PRIVATE', false),
    requireHttps: nodeEnv === 'production',
  };
}
