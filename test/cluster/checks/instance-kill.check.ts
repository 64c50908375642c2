import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { LoadRequest, Outcome, runLoad } from '../../support/load-client';
import { createArticle, registerUser } from '../cluster-api';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';
import { seconds } from '../cluster-report';
import { SERVED_BY } from '../haproxy';

const WRITERS = 4;
const READERS = 4;
const BEFORE_KILL_MS = 2500;
const AFTER_KILL_MS = 4000;

/**
 * Mixed writes and reads through HAProxy while one instance is killed with SIGKILL. Afterwards: every
 * write that was answered 2xx is in the database (none lost), and the only failed requests are those
 * the killed instance was serving at that moment (HAProxy names the instance on its own 502s too).
 * The instance is then started again and HAProxy takes it back.
 */
export async function instanceKillCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  const victim = cluster.instances[1];
  const run = randomBytes(3).toString('hex');
  const writers = await Promise.all(
    Array.from({ length: WRITERS }, () => registerUser(cluster.balancer.url, 'writer')),
  );
  const { slug } = await createArticle(cluster.balancer.url, writers[0].token);
  const reads = ['/api/articles?limit=10', `/api/articles/${slug}`, '/api/tags'];
  const next = (worker: number, i: number): LoadRequest => {
    if (worker < WRITERS) {
      const title = `kill ${run} ${worker} ${i}`;
      return {
        method: 'POST',
        path: '/api/articles',
        headers: { authorization: `Token ${writers[worker].token}` },
        body: { article: { title, description: 'd', body: 'b', tagList: [] } },
        tag: title,
      };
    }
    return { method: 'GET', path: reads[i % reads.length] };
  };
  const stop = new AbortController();
  const outcomes: Outcome[] = [];
  const loadStarted = performance.now();
  const load = runLoad({
    baseUrl: cluster.balancer.url,
    connections: WRITERS + READERS,
    durationMs: 60_000,
    maxRequests: 1_000_000,
    next,
    signal: stop.signal,
    onOutcome: (outcome) => outcomes.push(outcome),
    keepSuccessBodies: false,
  });
  let killSent = 0;
  let killDone = 0;
  try {
    await new Promise((resolve) => setTimeout(resolve, BEFORE_KILL_MS));
    killSent = performance.now();
    await victim.kill();
    killDone = performance.now();
    report.figure('SIGKILL until the process was gone', `${Math.round(killDone - killSent)} ms`);
    const down = await cluster.balancer.waitForState(victim.name, 'DOWN', 10_000);
    report.figure(
      'failover: SIGKILL to HAProxy marking it DOWN',
      `${Math.round(killDone - killSent + down)} ms`,
    );
    await new Promise((resolve) => setTimeout(resolve, AFTER_KILL_MS));
  } finally {
    stop.abort();
    await load;
  }
  const elapsed = performance.now() - loadStarted;

  const expected = (o: Outcome) => (o.request.method === 'POST' ? 201 : 200);
  const failed = outcomes.filter((o) => o.status !== expected(o));
  const servedBy = (o: Outcome) => String(o.headers?.[SERVED_BY] ?? 'no answer');
  // HAProxy answers 502 (naming the instance) for a request whose instance died under it, or, on a
  // kept-alive client connection, closes that connection with no answer at all (so that the client
  // may retry a safe request); it closes none for any other reason here.
  const onVictim = (o: Outcome) => servedBy(o) === victim.name || o.status === undefined;
  const inFlight = (o: Outcome) =>
    onVictim(o) && o.startedAt <= killDone && o.finishedAt >= killSent;
  const writes = outcomes.filter((o) => o.request.method === 'POST');
  const acknowledged = writes.filter((o) => o.status === 201).map((o) => o.request.tag as string);
  const unanswered = writes.filter((o) => o.status !== 201).map((o) => o.request.tag as string);
  const stored = new Set(
    (
      await cluster.query<{ title: string }>('SELECT title FROM articles WHERE title LIKE $1', [
        `kill ${run} %`,
      ])
    ).map((row) => row.title),
  );
  const lost = acknowledged.filter((title) => !stored.has(title));
  const lastError = Math.max(0, ...failed.map((o) => o.finishedAt));

  report.figure(
    'mixed load through the kill',
    `${outcomes.length} requests in ${seconds(elapsed)} (${writes.length} writes, ${outcomes.length - writes.length} reads), ${failed.length} errors`,
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
      `error: ${o.request.method} ${o.request.path} → ${o.status ?? o.error} via ${servedBy(o)}, ` +
        `sent ${Math.round(o.startedAt - killSent)} ms, ended ${Math.round(o.finishedAt - killSent)} ms from SIGKILL` +
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
  const stray = failed.filter((o) => !inFlight(o));
  assert.deepEqual(
    stray.map(
      (o) => `${o.request.method} ${o.request.path} ${o.status ?? o.error} via ${servedBy(o)}`,
    ),
    [],
    'no error but for requests in flight on the killed instance',
  );
}
