import assert from 'node:assert/strict';
import type { Outcome } from '../../support/load-client';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';
import { seconds } from '../cluster-report';
import { describeOutcome, servedBy, underMixedLoad } from '../mixed-load';

const BEFORE_KILL_MS = 2500;
const AFTER_KILL_MS = 4000;

/**
 * Mixed writes and reads through HAProxy while one instance is killed with SIGKILL. Afterwards: every
 * write that was answered 2xx is in the database (none lost), and the only failed requests are those
 * the killed instance was serving at that moment. The instance is then started again and HAProxy takes
 * it back.
 */
export async function instanceKillCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const victim = cluster.instances[1];
  let killSent = 0;
  let killDone = 0;
  const result = await underMixedLoad(cluster, { writers: 4, readers: 4 }, async () => {
    await new Promise((resolve) => setTimeout(resolve, BEFORE_KILL_MS));
    killSent = performance.now();
    await victim.kill();
    killDone = performance.now();
    const down = await cluster.balancer.waitForState(victim.name, 'DOWN', 10_000);
    report.figure('SIGKILL until the process was gone', `${Math.round(killDone - killSent)} ms`);
    report.figure(
      'failover: SIGKILL to HAProxy marking it DOWN',
      `${Math.round(killDone - killSent + down)} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, AFTER_KILL_MS));
  });
  const { outcomes, writes, failed, acknowledged, unanswered, stored } = result;
  // HAProxy answers 502 (naming the instance) for a request whose instance died under it, or, on a
  // kept-alive client connection, closes that connection with no answer at all (so that the client
  // may retry a safe request); it closes none for any other reason here.
  const onVictim = (o: Outcome) => servedBy(o) === victim.name || o.status === undefined;
  const inFlight = (o: Outcome) =>
    onVictim(o) && o.startedAt <= killDone && o.finishedAt >= killSent;
  const lost = acknowledged.filter((title) => !stored.has(title));
  const lastError = Math.max(0, ...failed.map((o) => o.finishedAt));

  report.figure(
    'mixed load through the kill',
    `${outcomes.length} requests in ${seconds(result.elapsedMs)} (${writes.length} writes, ${outcomes.length - writes.length} reads), ${failed.length} errors`,
  );
  report.figure('acknowledged writes lost', `${lost.length} of ${acknowledged.length}`);
  report.figure(
    'writes without a 2xx (their outcome unknown to the client)',
    `${unanswered.length}: ${unanswered.filter((t) => stored.has(t)).length} committed, ${unanswered.filter((t) => !stored.has(t)).length} not`,
  );
  report.figure(
    'errors after the kill',
    failed.length ? `last one ${Math.round(lastError - killSent)} ms after SIGKILL` : 'none',
  );
  for (const o of failed) {
    report.note(
      `error: ${describeOutcome(o)}, sent ${Math.round(o.startedAt - killSent)} ms, ended ` +
        `${Math.round(o.finishedAt - killSent)} ms from SIGKILL` +
        `${inFlight(o) ? ' (in flight on the killed instance)' : ''}`,
    );
  }
  for (const line of cluster.balancer.abnormalRequests()) report.note(`haproxy: ${line.trim()}`);

  const restarted = performance.now();
  await victim.start();
  await cluster.balancer.waitForState(victim.name, 'UP', 15_000);
  report.figure(
    `${victim.name} started again and back in HAProxy after`,
    seconds(performance.now() - restarted),
  );

  assert.ok(writes.length > 0 && acknowledged.length > 0, 'the load wrote');
  assert.deepEqual(lost, [], 'every acknowledged write is in the database');
  assert.deepEqual(
    failed.filter((o) => !inFlight(o)).map(describeOutcome),
    [],
    'no error but for requests in flight on the killed instance',
  );
}
