import { Injectable, Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { JobQueue, QueueDepth } from '../../../libs/jobs/job-queue';
import { withTimeout } from '../../common/with-timeout';

const STATES = ['ready', 'deferred', 'active', 'failed'] as const;

/** A scrape never waits longer for the counts than a readiness probe does. */
const READ_TIMEOUT_MS = 2000;
/** The gauges of one scrape share one read (pg-boss refreshes its counts every monitor pass anyway). */
const SHARED_MS = 1000;

/**
 * The background jobs' queues by state, read when Prometheus scrapes. pg-boss keeps each queue's
 * counts in its queue table (refreshed by its monitor, JOBS_MONITOR_INTERVAL_SECONDS), so a scrape
 * reads one row per queue, never the jobs themselves.
 */
@Injectable()
export class JobQueueCollector {
  private readonly logger = new Logger('Metrics');
  private last?: { at: number; depth: Promise<QueueDepth[] | undefined> };

  constructor(registry: Registry, jobs: JobQueue) {
    const read = () => this.read(jobs);
    new Gauge({
      name: 'folio_job_queue_jobs',
      help: 'Jobs in each background queue: ready to run, deferred (retry backoff, scheduled), running, failed for good',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        const depth = await read();
        // A queue that did not answer shows no counts rather than stale ones.
        this.reset();
        for (const queue of depth ?? []) {
          for (const state of STATES) this.set({ queue: queue.name, state }, queue[state]);
        }
      },
    });
    new Gauge({
      name: 'folio_job_queue_up',
      help: '1 when the job queue counts were read for this scrape, 0 when the job queue did not answer',
      registers: [registry],
      async collect() {
        this.set((await read()) ? 1 : 0);
      },
    });
  }

  private read(jobs: JobQueue): Promise<QueueDepth[] | undefined> {
    const now = performance.now();
    if (!this.last || now - this.last.at > SHARED_MS) {
      const depth = withTimeout(jobs.depth(), READ_TIMEOUT_MS).catch((error: unknown) => {
        this.logger.warn(`The job queue counts could not be read: ${(error as Error).message}`);
        return undefined;
      });
      this.last = { at: now, depth };
    }
    return this.last.depth;
  }
}
