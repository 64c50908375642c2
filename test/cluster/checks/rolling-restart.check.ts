import assert from 'node:assert/strict';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';
import { seconds } from '../cluster-report';
import { describeOutcome, underMixedLoad } from '../mixed-load';

/**
 * The upgrade procedure of docs/deploying-at-scale.md under mixed load: each instance in turn is
 * drained in HAProxy (runtime API), stopped with SIGTERM once it serves nothing, started again and put
 * back. Not one request fails, and every acknowledged write is stored.
 */
export async function rollingRestartCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const pids: (number | undefined)[] = [];
  const result = await underMixedLoad(cluster, { writers: 2, readers: 2 }, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const instance of cluster.instances) {
      const started = performance.now();
      await cluster.balancer.setState(instance.name, 'drain');
      await cluster.balancer.waitForIdle(instance.name, 15_000);
      const pid = instance.pid;
      await instance.stop();
      await instance.start();
      await cluster.balancer.setState(instance.name, 'ready');
      await cluster.balancer.waitForState(instance.name, 'UP', 15_000);
      pids.push(pid === instance.pid ? undefined : instance.pid);
      report.note(`${instance.name} replaced in ${seconds(performance.now() - started)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });
  const { outcomes, writes, failed, acknowledged, stored } = result;
  const lost = acknowledged.filter((title) => !stored.has(title));
  report.figure(
    'mixed load through a rolling restart of every instance',
    `${outcomes.length} requests in ${seconds(result.elapsedMs)} (${writes.length} writes), ${failed.length} errors, ${lost.length} acknowledged writes lost`,
  );
  assert.ok(
    pids.every((pid) => pid !== undefined),
    'every instance is a new process',
  );
  assert.deepEqual(lost, [], 'every acknowledged write is in the database');
  assert.deepEqual(failed.map(describeOutcome), [], 'no request failed');
}
