import { Registry } from 'prom-client';
import type { JobQueue, QueueDepth } from '../../../libs/jobs/job-queue';
import { JobQueueCollector } from './job-queue.collector';

const MAIL: QueueDepth = { name: 'mail', ready: 3, deferred: 1, active: 2, failed: 0 };

function collectorOn(depth: () => Promise<QueueDepth[]>): {
  registry: Registry;
  reads: () => number;
} {
  let reads = 0;
  const jobs = {
    depth: () => {
      reads++;
      return depth();
    },
  } as unknown as JobQueue;
  const registry = new Registry();
  new JobQueueCollector(registry, jobs);
  return { registry, reads: () => reads };
}

describe('JobQueueCollector', () => {
  it('reports each queue by state, from one read per scrape', async () => {
    const { registry, reads } = collectorOn(() => Promise.resolve([MAIL]));
    const text = await registry.metrics();
    expect(text).toContain('folio_job_queue_jobs{queue="mail",state="ready"} 3');
    expect(text).toContain('folio_job_queue_jobs{queue="mail",state="deferred"} 1');
    expect(text).toContain('folio_job_queue_jobs{queue="mail",state="active"} 2');
    expect(text).toContain('folio_job_queue_jobs{queue="mail",state="failed"} 0');
    expect(text).toContain('folio_job_queue_up 1');
    expect(reads()).toBe(1);
  });

  it('shows no stale counts and up 0 when the queue does not answer', async () => {
    let fail = false;
    const { registry } = collectorOn(() =>
      fail ? Promise.reject(new Error('connection refused')) : Promise.resolve([MAIL]),
    );
    expect(await registry.metrics()).toContain('folio_job_queue_up 1');
    fail = true;
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const text = await registry.metrics();
    expect(text).toContain('folio_job_queue_up 0');
    expect(text).not.toContain('folio_job_queue_jobs{');
  });

  it('gives up on a read after 2 s', async () => {
    const { registry } = collectorOn(() => new Promise<never>(() => undefined));
    const started = Date.now();
    expect(await registry.metrics()).toContain('folio_job_queue_up 0');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
