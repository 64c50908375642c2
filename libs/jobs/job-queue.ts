import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { PgBoss, type Db, type JobResult, type QueueOptions, type SendOptions } from 'pg-boss';
import { DatabaseSession } from '../database/database-session';
import { identifier, sql, statement } from '../database/sql';
import { queryRows, rowMapper } from '../database/sql-row';
import { RepeatedErrors } from './repeated-errors';
import { PermanentJobError } from './permanent-job-error';

/**
 * What each queue carries, by queue name. Empty here: a module that owns a queue adds it by declaration
 * merging in its `*.jobs.ts` file (`declare module '.../libs/jobs/job-queue' { interface JobMap { ... } }`),
 * so enqueuers and handlers agree on the data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobMap {}

export type QueueName = Extract<keyof JobMap, string>;

/** The schema pg-boss keeps its tables in (created and migrated by pg-boss itself, at start). */
export const JOB_SCHEMA = 'pgboss';

export const JOB_QUEUE_OPTIONS = Symbol('folio.jobQueueOptions');

/**
 * A running job's worker refreshes its heartbeat every half of this; a job whose heartbeat is older
 * (its process was killed) is retried at the next monitor pass, on every queue. pg-boss's minimum.
 */
const JOB_HEARTBEAT_SECONDS = 10;

export interface JobQueueOptions {
  /** The database the app uses: jobs commit with its data. */
  url: string;
  /** Run workers in this process (every instance does by default); off, it only enqueues. */
  work: boolean;
  /** On shutdown, how long running jobs may take before they are failed (and retried later). */
  shutdownTimeoutMs: number;
  /** Connections of pg-boss's own pool (polling, completing jobs, maintenance). */
  poolSize: number;
  /**
   * How often expired jobs and jobs whose worker stopped sending heartbeats (a killed process) are put
   * back for a retry, and the queue counts refreshed.
   */
  monitorIntervalSeconds: number;
  /**
   * How often an idle worker looks for jobs that came due (a retry's backoff ended, a cron tick). A new
   * job wakes the workers at once (NOTIFY at commit), whatever this says.
   */
  pollIntervalSeconds: number;
}

export interface JobContext {
  id: string;
  /** 0 on the first try. */
  retryCount: number;
  /** Whether a failure now is final (no retry left). */
  lastTry: boolean;
}

export interface QueueDefinition<K extends QueueName> {
  name: K;
  /** Retries, backoff, expiry and retention (pg-boss queue options). */
  options: QueueOptions & { retryLimit: number };
  /** Jobs of this queue one instance runs at once. */
  concurrency: number;
  /** A cron expression (UTC) for a recurring job; pg-boss's scheduler enqueues it once per tick. */
  cron?: string;
  /** Resolves: done. Throws: failed, retried with the queue's backoff until retryLimit. */
  handle(data: JobMap[K], job: JobContext): Promise<void>;
}

export interface QueueDepth {
  name: string;
  /** Waiting to run now. */
  ready: number;
  /** Waiting for a later time (a retry's backoff, a scheduled job). */
  deferred: number;
  active: number;
  /** Failed for good, kept for inspection until the queue's retention ends. */
  failed: number;
}

export interface FailedJob {
  id: string;
  queue: string;
  createdAt: Date;
  failedAt: Date | null;
  tries: number;
  error: string | null;
}

const FAILED_JOB = rowMapper<FailedJob>('failed job', (row) => ({
  id: row.string('id'),
  queue: row.string('queue'),
  createdAt: row.date('created_on'),
  failedAt: row.nullableDate('completed_on'),
  tries: row.int('tries'),
  error: row.nullableString('error'),
}));

/**
 * Durable background work on the app's PostgreSQL, through pg-boss: a job enqueued inside a unit of work
 * (a writing request, `session.transaction()`) is written by the same transaction, so it exists exactly
 * when the data it is about was committed. Every instance runs the workers; pg-boss's SKIP LOCKED claim
 * gives each job to one of them, its LISTEN/NOTIFY wakes them on commit, and its retry columns schedule
 * the backoff. On shutdown, workers stop taking jobs and running ones get the shutdown timeout.
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, QueueDefinition<QueueName>>();
  private stopping?: Promise<void>;

  constructor(
    @Inject(JOB_QUEUE_OPTIONS) private readonly options: JobQueueOptions,
    private readonly session: DatabaseSession,
  ) {
    this.boss = new PgBoss({
      connectionString: options.url,
      schema: JOB_SCHEMA,
      max: options.poolSize,
      application_name: 'folio-jobs',
      useListenNotify: options.work,
      supervise: options.work,
      superviseIntervalSeconds: options.monitorIntervalSeconds,
      monitorIntervalSeconds: options.monitorIntervalSeconds,
      schedule: options.work,
      // The instance registry and OpenTelemetry are not used: /health/ready and the admin API report.
      registerInstance: false,
      openTelemetry: { enabled: false },
    });
    const errors = new RepeatedErrors((line) => this.logger.error(`Job queue: ${line}`));
    this.boss.on('error', (error: Error) => errors.report(error.message));
    this.boss.on('warning', (warning: { message: string }) =>
      this.logger.warn(`Job queue: ${warning.message}`),
    );
  }

  /** Declares a queue and its handler; called by the owning module's providers, before the app starts. */
  define<K extends QueueName>(definition: QueueDefinition<K>): void {
    if (this.definitions.has(definition.name)) {
      throw new Error(`The job queue ${definition.name} is defined twice`);
    }
    this.definitions.set(definition.name, definition);
  }

  /** Installs or migrates pg-boss's schema (under its advisory lock), creates the queues, starts workers. */
  async onApplicationBootstrap(): Promise<void> {
    await this.boss.start();
    for (const definition of this.definitions.values()) {
      // Every queue: new jobs wake the workers, and a dead worker's job comes back by its heartbeat.
      const options = {
        heartbeatSeconds: JOB_HEARTBEAT_SECONDS,
        ...definition.options,
        notify: true,
      };
      if (await this.boss.getQueue(definition.name)) {
        await this.boss.updateQueue(definition.name, options);
      } else {
        await this.boss.createQueue(definition.name, options);
      }
      if (definition.cron) await this.boss.schedule(definition.name, definition.cron);
    }
    if (!this.options.work) return;
    for (const definition of this.definitions.values()) await this.startWorkers(definition);
  }

  /**
   * Workers fetch jobs two at a time and run them side by side. A fetch that comes back full means a
   * backlog: the worker fetches again at once, instead of waiting for the next poll (pg-boss polls a
   * worker whose last fetch held one job; new jobs wake it through NOTIFY whatever the interval).
   */
  private async startWorkers(definition: QueueDefinition<QueueName>): Promise<void> {
    const batchSize = definition.concurrency > 1 ? 2 : 1;
    await this.boss.work(
      definition.name,
      {
        localConcurrency: Math.ceil(definition.concurrency / batchSize),
        batchSize,
        burstWhenBatchFull: true,
        perJobResults: true,
        includeMetadata: true,
        pollingIntervalSeconds: this.options.pollIntervalSeconds,
        notifyPollingIntervalSeconds: this.options.pollIntervalSeconds,
      },
      (jobs) =>
        Promise.all(
          jobs.map(async (job): Promise<JobResult> => {
            try {
              await definition.handle(job.data as never, {
                id: job.id,
                retryCount: job.retryCount,
                lastTry: job.retryCount >= job.retryLimit,
              });
              return { id: job.id, status: 'completed' };
            } catch (error) {
              // Kept on the job (what /api/admin/jobs/failed shows); retried while tries are left,
              // unless the handler said no try can succeed (pg-boss's dead letter: failed for good).
              return {
                id: job.id,
                status: error instanceof PermanentJobError ? 'deadletter' : 'failed',
                output: { message: (error as Error).message },
              };
            }
          }),
        ),
    );
  }

  /**
   * Enqueues a job. Inside a unit of work it is written by that transaction (a rollback leaves no job;
   * a commit guarantees it, and wakes a worker); outside one, at once.
   */
  async enqueue<K extends QueueName>(
    name: K,
    data: JobMap[K],
    options: SendOptions = {},
  ): Promise<string> {
    const db = await this.transactionDb();
    const id = await this.boss.send(name, data as object, db ? { ...options, db } : options);
    if (!id) throw new Error(`The job queue ${name} refused a job`);
    return id;
  }

  /**
   * Enqueues a job for each of `data` in one statement, as `enqueue` does one (in the unit of work's
   * transaction inside one): for a fan-out's batch.
   */
  async enqueueMany<K extends QueueName>(name: K, data: readonly JobMap[K][]): Promise<void> {
    if (data.length === 0) return;
    const db = await this.transactionDb();
    const jobs = data.map((item) => ({ data: item }));
    await this.boss.insert(name, jobs, db ? { db } : {});
  }

  /** Each queue's jobs by state. */
  async depth(): Promise<QueueDepth[]> {
    const queues = await this.boss.getQueues([...this.definitions.keys()]);
    return queues
      .map((queue) => ({
        name: queue.name,
        ready: queue.readyCount,
        deferred: queue.deferredCount,
        active: queue.activeCount,
        failed: queue.failedCount,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The newest jobs that failed for good (their data is not shown: a mail holds a link). */
  async failedJobs(queue: string | undefined, limit: number): Promise<FailedJob[]> {
    const names = queue ? [queue] : [...this.definitions.keys()];
    const failed = sql`
      SELECT id::text AS id, name AS queue, created_on, completed_on, retry_count + 1 AS tries,
             output->>'message' AS error
        FROM ${identifier(JOB_SCHEMA)}.job
       WHERE name = ANY(${names}) AND state = 'failed'
       ORDER BY completed_on DESC NULLS LAST
       LIMIT ${limit}`;
    return queryRows(await this.session.manager(), statement(failed), FAILED_JOB);
  }

  /** Gives a failed job one more try, at once; false when no such failed job exists. */
  async retry(queue: string, id: string): Promise<boolean> {
    if (!this.definitions.has(queue)) return false;
    // pg-boss's CommandResponse type declares no fields; at run time it counts the jobs it changed.
    const result = (await this.boss.retry(queue, id)) as { affected?: number };
    return (result.affected ?? 0) > 0;
  }

  /**
   * Stops taking jobs and waits for the running ones up to the shutdown timeout; those still running
   * then are failed and retried by the next start. Called as shutdown begins (before the HTTP drain) and
   * again by Nest's shutdown hook; both wait for the same stop.
   */
  stop(): Promise<void> {
    this.stopping ??= this.boss
      .stop({ graceful: true, close: true, timeout: this.options.shutdownTimeoutMs })
      .catch((error: unknown) => {
        this.logger.error(`Job queue: stopping failed: ${(error as Error).message}`);
      });
    return this.stopping;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  /** pg-boss statements on the current unit of work's connection, inside its transaction. */
  private async transactionDb(): Promise<Db | undefined> {
    const manager = await this.session.currentTransaction();
    const runner = manager?.queryRunner;
    if (!runner) return undefined;
    return {
      executeSql: async (text: string, values?: unknown[]) => ({
        rows: (await runner.query(text, values, true)).records as unknown[],
      }),
    };
  }
}
