import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { Endpoint } from './endpoints';
import { Stage } from './jobs-stage';
import { alternateRounds, load, LoadOptions, LoadResult } from './load';

/** Jobs due or running, of one queue. */
export async function pendingJobs(db: Client, queue: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = $1 AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
    [queue],
  );
  return rows[0].n;
}

/**
 * Waits until the deliveries earlier rounds queued have been sent, so that their work stays out of the
 * next round; the ones still queued when it stops. It stops early when the backlog hardly shrinks
 * (workers idle until their next poll): then it costs the next round next to nothing.
 */
async function settleDeliveries(stage: Stage, limitMs: number): Promise<number> {
  const deadline = performance.now() + limitMs;
  let pending = await pendingJobs(stage.db, 'webhook-delivery');
  while (pending > 0 && performance.now() < deadline) {
    await sleep(3000);
    const before = pending;
    pending = await pendingJobs(stage.db, 'webhook-delivery');
    if (before - pending < 20) break;
  }
  return pending;
}

/** How a round runs: the endpoint inactive or active, Folio's workers on or off. */
const CONTENDERS = {
  none: { active: false, workers: true, label: 'no endpoint' },
  endpoint: { active: true, workers: true, label: 'one endpoint' },
  enqueueOnly: { active: true, workers: false, label: 'one endpoint, workers off' },
} as const;

type Contender = keyof typeof CONTENDERS;

export type ThroughputResult = { [K in Contender]?: LoadResult } & {
  none: LoadResult;
  /** The most deliveries still queued from earlier rounds when a round began. */
  leftover: number;
};

/**
 * One endpoint under load in alternating rounds: the webhook endpoint inactive ("none"), active
 * ("endpoint"), and active with Folio's workers off ("enqueueOnly": the cost of writing the delivery
 * and its job, without sending it). Each round first waits for earlier rounds' deliveries.
 */
export async function throughput(
  stage: Stage,
  endpoint: Endpoint,
  options: LoadOptions & { settleMs: number },
): Promise<ThroughputResult> {
  let leftover = 0;
  const round = (contender: Contender) => async (n: number) => {
    const { active, workers, label } = CONTENDERS[contender];
    if (stage.webhook) {
      leftover = Math.max(leftover, await settleDeliveries(stage, options.settleMs));
      await stage.useWorkers(workers);
      await stage.setEndpointActive(active);
    }
    // The API's CPU per request is not part of the jobs report.
    const server = { url: stage.api.url, cpuMicros: () => NaN };
    const result = await load(server, endpoint, {
      ...options,
      warmup: n === 0 ? options.warmup : 0,
    });
    stage.log(
      `  ${endpoint.name}, round ${n + 1}, ${label}: ${result.requestsPerSecond} req/s, ${result.errors} errors`,
    );
    return result;
  };
  const measured = stage.webhook
    ? await alternateRounds(options.rounds, {
        none: round('none'),
        endpoint: round('endpoint'),
        enqueueOnly: round('enqueueOnly'),
      })
    : await alternateRounds(options.rounds, { none: round('none') });
  return { ...measured, leftover };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

export interface LatencyResult {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The worker's own time for the POST (connect, TLS, answer), from the delivery log: p50. */
  postP50: number;
}

/**
 * Sequential article creations by one writer, the endpoint active and nothing else queued: from the
 * client getting the 201 (the commit came before it) to the receiver having the whole POST.
 */
export async function deliveryLatency(stage: Stage, count: number): Promise<LatencyResult> {
  const { api, receiver } = stage;
  await stage.setEndpointActive(true);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const title = `Latency ${i} ${Math.random()}`;
    const { slug, respondedAt } = await api.createArticle(stage.tokens[0], title);
    await receiver.waitUntil(() => receiver.about(slug).length > 0, 30_000, `${slug}'s webhook`);
    latencies.push(receiver.about(slug)[0].at - respondedAt);
    await sleep(20);
  }
  const { rows } = await stage.db.query<{ p50: number }>(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY duration_ms)::int AS p50
       FROM webhook_deliveries WHERE status = 'delivered'`,
  );
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(sorted, p) * 10) / 10;
  return { count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1), postP50: rows[0].p50 };
}

export interface DrainResult {
  concurrency: number;
  queued: number;
  /** From the worker instance's spawn to the first and to the last delivery, ms. */
  firstMs: number;
  lastMs: number;
  /** Deliveries per second between the first and the last. */
  jobsPerSecond: number;
  /** One job's run time in the worker (pg-boss's started → completed), p50, ms. */
  jobMs: number;
  distinctIds: number;
  /** POSTs beyond one per webhook-id. */
  duplicates: number;
  /** Created articles whose delivery never came, and those that came more than once. */
  missing: number;
  extra: number;
  unsigned: number;
}

/** `count` articles created by 16 clients at once, spread over the writers; their slugs. */
async function createMany(stage: Stage, count: number): Promise<string[]> {
  const slugs: string[] = [];
  let next = 0;
  const client = async (w: number) => {
    while (next < count) {
      const title = `Drain ${next++} ${Math.random()}`;
      slugs.push(
        (await stage.api.createArticle(stage.tokens[w % stage.tokens.length], title)).slug,
      );
    }
  };
  await Promise.all(Array.from({ length: 16 }, (_, w) => client(w)));
  return slugs;
}

/**
 * `count` deliveries queued by Folio with JOBS_WORKERS=false, which then stops; started again with
 * workers and WEBHOOK_CONCURRENCY=`concurrency`, it runs until all arrived; each must arrive once.
 */
export async function drain(
  stage: Stage,
  count: number,
  concurrency: number,
): Promise<DrainResult> {
  const { receiver } = stage;
  if (!stage.folio) await stage.restart({ JOBS_WORKERS: 'false' });
  await stage.setEndpointActive(true);
  const { rows: clock } = await stage.db.query<{ now: Date }>('SELECT now()');
  const slugs = await createMany(stage, count);
  await stage.stopFolio();
  const queued = await pendingJobs(stage.db, 'webhook-delivery');
  const from = receiver.arrivals.length;
  const spawned = performance.now();
  await stage.restart({ WEBHOOK_CONCURRENCY: String(concurrency) });
  try {
    await receiver.waitUntil(
      () => receiver.arrivals.length - from >= count,
      120_000 + count * 2000,
      `${count} deliveries`,
    );
    // Room for a delivery sent twice to show.
    await sleep(1000);
  } finally {
    await stage.stopFolio();
  }
  const arrivals = receiver.arrivals.slice(from);
  const times = arrivals.map((arrival) => arrival.at - spawned);
  const firstMs = Math.min(...times);
  const lastMs = Math.max(...times);
  const distinctIds = new Set(arrivals.map((arrival) => arrival.id)).size;
  const perSlug = new Map<string, number>();
  for (const { subject } of arrivals) perSlug.set(subject, (perSlug.get(subject) ?? 0) + 1);
  const { rows } = await stage.db.query<{ p50: number }>(
    `SELECT percentile_disc(0.5) WITHIN GROUP
             (ORDER BY extract(epoch FROM completed_on - started_on) * 1000)::int AS p50
       FROM pgboss.job
      WHERE name = 'webhook-delivery' AND state = 'completed' AND created_on >= $1`,
    [clock[0].now],
  );
  return {
    concurrency,
    queued,
    firstMs: Math.round(firstMs),
    lastMs: Math.round(lastMs),
    jobsPerSecond: Math.round(((arrivals.length - 1) / Math.max(1, lastMs - firstMs)) * 10000) / 10,
    jobMs: rows[0].p50,
    distinctIds,
    duplicates: arrivals.length - distinctIds,
    missing: slugs.filter((slug) => !perSlug.has(slug)).length,
    extra: slugs.filter((slug) => (perSlug.get(slug) ?? 0) > 1).length,
    unsigned: arrivals.filter((arrival) => !arrival.signed).length,
  };
}
