import assert from 'node:assert/strict';
import { LoadRequest, Outcome, runLoad } from '../../support/load-client';
import { call, createArticle, registerUser } from '../cluster-api';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';
import { seconds } from '../cluster-report';

/** Transactions a second window must show on the replica to count as "reads go there". */
const USED = 10;

/**
 * Anonymous and signed-in reads through HAProxy while the replica is stopped and started again: every
 * read succeeds (from the primary while the replica is down; no instance leaves HAProxy for it, since
 * readiness does not depend on a replica), and once the replica is back, reads go to it again.
 */
export async function replicaOutageCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const author = await registerUser(cluster.balancer.url, 'reads');
  const slugs: string[] = [];
  for (let i = 0; i < 3; i++)
    slugs.push((await createArticle(cluster.balancer.url, author.token)).slug);
  const reader = await registerUser(cluster.balancer.url, 'reader');
  await cluster.postgres.waitForReplay();

  const paths = [
    '/api/articles?limit=10',
    ...slugs.map((slug) => `/api/articles/${slug}`),
    `/api/profiles/${author.username}`,
    '/api/tags',
  ];
  const next = (worker: number, i: number): LoadRequest => ({
    method: 'GET',
    path: paths[(worker + i) % paths.length],
    headers: worker % 2 === 0 ? { authorization: `Token ${reader.token}` } : {},
  });
  const stop = new AbortController();
  const outcomes: Outcome[] = [];
  const load = runLoad({
    baseUrl: cluster.balancer.url,
    connections: 6,
    durationMs: 60_000,
    maxRequests: 1_000_000,
    next,
    signal: stop.signal,
    onOutcome: (outcome) => outcomes.push(outcome),
    keepSuccessBodies: false,
  });
  try {
    // Sampled until it shows (within 10 s): the load is starting, and each backend reports its
    // transactions to pg_stat_database at most once a second, so a single one-second window may see few.
    const before = await untilUsed(cluster, 10_000, 'reads go to the replica before the outage');
    report.figure('replica transactions/s under read load, before', before);

    await cluster.postgres.stopReplica();
    const stoppedAt = performance.now();
    const during = outcomes.length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const instance of cluster.instances) {
      const ready = await replicaHealth(instance.url);
      assert.equal(ready.status, 200, `${instance.name} stays ready without its replica`);
      assert.equal(
        ready.replica,
        'down',
        `${instance.name}'s /health/ready reports the replica down`,
      );
    }
    report.figure('reads while the replica was down', outcomes.length - during);

    await cluster.postgres.startReplica();
    const restartedAt = performance.now();
    let after = 0;
    while (after < USED) {
      if (performance.now() - restartedAt > 20_000) {
        throw new Error(`reads did not go back to the replica within 20 s (${after}/s)`);
      }
      // Refused while the replica is still starting: not used yet.
      after = await replicaTransactionsPerSecond(cluster).catch(() => 0);
    }
    for (const instance of cluster.instances) {
      const ready = await replicaHealth(instance.url);
      assert.equal(
        ready.replica,
        'up',
        `${instance.name}'s /health/ready reports the replica up again`,
      );
    }
    report.figure('replica down for', seconds(restartedAt - stoppedAt));
    report.figure(
      'reads back on the replica after its start',
      seconds(performance.now() - restartedAt),
    );
    report.figure('replica transactions/s under read load, after', after);
  } finally {
    stop.abort();
    await load;
  }
  const failed = outcomes.filter((o) => o.status !== 200);
  report.figure(
    'read requests during the replica check',
    `${outcomes.length}, ${failed.length} failed`,
  );
  if (failed.length > 0) {
    const shown = failed
      .slice(0, 5)
      .map((o) => `${o.request.path} → ${o.status ?? o.error} ${o.body.slice(0, 120)}`);
    throw new Error(`${failed.length} reads failed:\n  ${shown.join('\n  ')}`);
  }
}

/** Samples the replica's transactions a second until they reach USED; throws after `withinMs`. */
async function untilUsed(cluster: Cluster, withinMs: number, what: string): Promise<number> {
  const start = performance.now();
  let rate = 0;
  while (rate < USED) {
    if (performance.now() - start > withinMs)
      throw new Error(`${what}: ${rate}/s after ${withinMs} ms`);
    rate = await replicaTransactionsPerSecond(cluster);
  }
  return rate;
}

/** An instance's readiness, and the state it reports for its (only) replica. */
async function replicaHealth(base: string): Promise<{ status: number; replica?: string }> {
  const answer = await call<{ replicas?: { status: string }[] }>(base, 'GET', '/health/ready');
  return { status: answer.status, replica: answer.body.replicas?.[0]?.status };
}

/** Transactions the replica ran for the application's database over one second. */
async function replicaTransactionsPerSecond(cluster: Cluster): Promise<number> {
  const count = async () => {
    const [row] = await cluster.query<{ n: string }>(
      "SELECT (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = 'folio'",
      [],
      'replica',
    );
    return Number(row.n);
  };
  const first = await count();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Each sample is a transaction of its own.
  return (await count()) - first - 1;
}
