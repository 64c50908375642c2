import { Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { DatabaseModule } from '../libs/database/database.module';
import { DatabaseSession } from '../libs/database/database-session';
import { JobQueue } from '../libs/jobs/job-queue';
import { JobQueueModule } from '../libs/jobs/job-queue.module';
import { createTestDatabase, TestDatabase } from './support/test-app';

declare module '../libs/jobs/job-queue' {
  interface JobMap {
    'test-run': { key: string; ms?: number; failTimes?: number };
  }
}

/** Records each run of a `test-run` job in the runs table (the test's witness of "ran, and how often"). */
@Injectable()
class Runner {
  constructor(
    jobs: JobQueue,
    private readonly dataSource: DataSource,
  ) {
    jobs.define({
      name: 'test-run',
      options: { retryLimit: 3, retryDelay: 1, retryBackoff: true },
      concurrency: 3,
      handle: async ({ key, ms, failTimes }, job) => {
        await this.dataSource.query('INSERT INTO runs (key, try) VALUES ($1, $2)', [
          key,
          job.retryCount,
        ]);
        if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
        if (failTimes !== undefined && job.retryCount < failTimes)
          throw new Error(`try ${job.retryCount} fails`);
        await this.dataSource.query('UPDATE runs SET done = true WHERE key = $1 AND try = $2', [
          key,
          job.retryCount,
        ]);
      },
    });
  }
}

@Module({ providers: [Runner] })
class RunnerModule {}

/** One Folio-like process's job side: the database layer, the queue and the runner. */
async function startInstance(url: string, shutdownTimeoutMs = 5000): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      DatabaseModule.forRoot({ url, runMigrations: true }),
      JobQueueModule.forRoot({
        url,
        work: true,
        shutdownTimeoutMs,
        poolSize: 3,
        monitorIntervalSeconds: 1,
        pollIntervalSeconds: 1,
      }),
      RunnerModule,
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the job queue (pg-boss on real PostgreSQL)', () => {
  let database: TestDatabase;
  let first: TestingModule;
  let second: TestingModule | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    first = await startInstance(database.url);
    await first
      .get(DataSource)
      .query('CREATE TABLE runs (key text, try integer, done boolean NOT NULL DEFAULT false)');
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  const runs = async (key: string) =>
    first
      .get(DataSource)
      .query<{ try: number; done: boolean }[]>(
        'SELECT try, done FROM runs WHERE key = $1 ORDER BY try',
        [key],
      );

  async function until<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    ms = 15_000,
  ): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await sleep(100);
    }
  }

  it('a job enqueued in a committed transaction runs once; in a rolled-back one, never', async () => {
    const session = first.get(DatabaseSession);
    const jobs = first.get(JobQueue);
    await session.transaction(async () => {
      await jobs.enqueue('test-run', { key: 'committed' });
    });
    await expect(
      session.transaction(async () => {
        await jobs.enqueue('test-run', { key: 'rolled-back' });
        throw new Error('the unit of work fails');
      }),
    ).rejects.toThrow('the unit of work fails');
    await expect(
      until(
        () => runs('committed'),
        (r) => r.some((run) => run.done),
      ),
    ).resolves.toEqual([{ try: 0, done: true }]);
    await sleep(1500);
    await expect(runs('committed')).resolves.toHaveLength(1);
    await expect(runs('rolled-back')).resolves.toEqual([]);
  });

  it('a job enqueued in an open transaction is not run before the transaction commits', async () => {
    const session = first.get(DatabaseSession);
    const jobs = first.get(JobQueue);
    await session.transaction(async () => {
      await jobs.enqueue('test-run', { key: 'slow-commit' });
      await sleep(1500);
      await expect(runs('slow-commit')).resolves.toEqual([]);
    });
    await expect(
      until(
        () => runs('slow-commit'),
        (r) => r.length > 0,
      ),
    ).resolves.toHaveLength(1);
  });

  it('retries a failing job with backoff, keeps it as failed after the last try, and retries it on request', async () => {
    const jobs = first.get(JobQueue);
    const id = await jobs.enqueue('test-run', { key: 'failing', failTimes: 99 });
    const tries = await until(
      () => runs('failing'),
      (r) => r.length === 4,
      30_000,
    );
    expect(tries.map((run) => run.try)).toEqual([0, 1, 2, 3]);
    const failed = await until(
      () => jobs.failedJobs('test-run', 10),
      (list) => list.some((job) => job.id === id),
    );
    expect(failed.find((job) => job.id === id)).toMatchObject({
      queue: 'test-run',
      tries: 4,
      error: 'try 3 fails',
    });
    await expect(jobs.retry('test-run', id)).resolves.toBe(true);
    await expect(
      until(
        () => runs('failing'),
        (r) => r.length === 5,
      ),
    ).resolves.toHaveLength(5);
    await expect(jobs.retry('test-run', '00000000-0000-0000-0000-000000000000')).resolves.toBe(
      false,
    );
  });

  it('two instances on one database: every job runs exactly once', async () => {
    second = await startInstance(database.url);
    const keys = Array.from({ length: 40 }, (_, i) => `shared-${i}`);
    const queues = [first.get(JobQueue), second.get(JobQueue)];
    await Promise.all(keys.map((key, i) => queues[i % 2].enqueue('test-run', { key, ms: 20 })));
    const counts = await until(
      () =>
        first
          .get(DataSource)
          .query<{ key: string; n: number }[]>(
            "SELECT key, count(*)::int AS n FROM runs WHERE key LIKE 'shared-%' GROUP BY key",
          ),
      (rows) => rows.length === keys.length,
    );
    await sleep(1500);
    expect(counts.map((row) => row.n)).toEqual(keys.map(() => 1));
    const again = await first
      .get(DataSource)
      .query<{ n: number }[]>("SELECT count(*)::int AS n FROM runs WHERE key LIKE 'shared-%'");
    expect(again).toEqual([{ n: keys.length }]);
  });

  it('stopping finishes the running job and leaves the queued ones for the next start', async () => {
    const stopping = await startInstance(database.url);
    const jobs = stopping.get(JobQueue);
    // Only this instance works on them: the others are stopped first.
    await second?.close();
    second = undefined;
    await first.get(JobQueue).stop();
    await jobs.enqueue('test-run', { key: 'running', ms: 1500 });
    await until(
      () => runs('running'),
      (r) => r.length > 0,
    );
    await jobs.enqueue('test-run', { key: 'queued-later', ms: 10 }, { startAfter: 3 });
    await stopping.close();
    await expect(runs('running')).resolves.toEqual([{ try: 0, done: true }]);
    await expect(runs('queued-later')).resolves.toEqual([]);

    const next = await startInstance(database.url);
    try {
      await expect(
        until(
          () => runs('queued-later'),
          (r) => r.some((run) => run.done),
        ),
      ).resolves.toEqual([{ try: 0, done: true }]);
      await expect(runs('running')).resolves.toHaveLength(1);
    } finally {
      await next.close();
    }
  });

  it('a job still running at the shutdown timeout is failed, and tried again by the next start', async () => {
    const short = await startInstance(database.url, 500);
    await short.get(JobQueue).enqueue('test-run', { key: 'too-long', ms: 3000 });
    await until(
      () => runs('too-long'),
      (r) => r.length > 0,
    );
    await short.close();
    const next = await startInstance(database.url);
    try {
      const tries = await until(
        () => runs('too-long'),
        (r) => r.some((run) => run.done && run.try > 0),
      );
      expect(tries.some((run) => run.try === 1 && run.done)).toBe(true);
    } finally {
      await next.close();
    }
  });
});
