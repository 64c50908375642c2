import assert from 'node:assert/strict';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

/** The defaults every instance runs with (DATABASE_POOL_SIZE, JOBS_POOL_SIZE). */
const POOL_SIZE = 10;
const JOBS_POOL_SIZE = 4;
/** Beyond its pools, an instance holds the replica monitor's connection to each server. */
const MONITORS = 1;
/** pg-boss's workers keep one connection LISTENing on the primary, beside its pool. */
const LISTENER = 1;
/** Folio's caches keep one more LISTENing on the primary (DatabaseNotifications). */
const NOTIFICATIONS = 1;

/**
 * What each instance costs each server in connections, after the load and the kill: within its pools
 * (the killed instance's connections went with it), which is what max_connections and a PgBouncer in
 * front must be sized for (docs/deploying-at-scale.md).
 */
export async function connectionCountsCheck(
  cluster: Cluster,
  report: ClusterReport,
): Promise<void> {
  const count = async (on: 'primary' | 'replica') =>
    cluster.query<{ name: string; connections: number }>(
      `SELECT application_name AS name, count(*)::int AS connections FROM pg_stat_activity
        WHERE datname = 'folio' AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`,
      [],
      on,
    );
  const instances = cluster.instances.length;
  for (const on of ['primary', 'replica'] as const) {
    const rows = await count(on);
    const total = rows.reduce((sum, row) => sum + row.connections, 0);
    report.figure(
      `connections on the ${on} (${instances} instances)`,
      `${total}: ${rows.map((r) => `${r.name || '(none)'} ${r.connections}`).join(', ')}`,
    );
    const jobs = on === 'primary' ? JOBS_POOL_SIZE + LISTENER + NOTIFICATIONS : 0;
    const bound = instances * (POOL_SIZE + MONITORS + jobs);
    assert.ok(total <= bound, `at most ${bound} connections on the ${on}, found ${total}`);
  }
}
