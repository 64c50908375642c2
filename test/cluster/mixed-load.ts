import { randomBytes } from 'node:crypto';
import { LoadRequest, Outcome, runLoad } from '../support/load-client';
import { type ClusterUser, createArticle, registerUser } from './cluster-api';
import type { Cluster } from './cluster';
import { SERVED_BY } from './haproxy';

/** What a mixed load through HAProxy did, and what of its writes the database holds afterwards. */
export interface MixedLoadResult {
  outcomes: Outcome[];
  writes: Outcome[];
  failed: Outcome[];
  /** Titles of the articles whose creation was answered 201. */
  acknowledged: string[];
  /** Titles of the writes answered otherwise (or not at all): their outcome is unknown to the client. */
  unanswered: string[];
  /** Titles the primary holds. */
  stored: Set<string>;
  elapsedMs: number;
}

/**
 * Writers creating articles (each title unique, so every write can be looked up) and readers of lists,
 * an article and tags, through HAProxy, while `during` does something to the cluster.
 */
export async function underMixedLoad(
  cluster: Cluster,
  options: { writers: number; readers: number },
  during: () => Promise<void>,
): Promise<MixedLoadResult> {
  const run = randomBytes(3).toString('hex');
  const writers: ClusterUser[] = await Promise.all(
    Array.from({ length: options.writers }, () => registerUser(cluster.balancer.url, 'writer')),
  );
  const { slug } = await createArticle(cluster.balancer.url, writers[0].token);
  const reads = ['/api/articles?limit=10', `/api/articles/${slug}`, '/api/tags'];
  const next = (worker: number, i: number): LoadRequest => {
    if (worker < options.writers) {
      const title = `load ${run} ${worker} ${i}`;
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
  const started = performance.now();
  const load = runLoad({
    baseUrl: cluster.balancer.url,
    connections: options.writers + options.readers,
    durationMs: 180_000,
    maxRequests: 10_000_000,
    next,
    signal: stop.signal,
    onOutcome: (outcome) => outcomes.push(outcome),
    keepSuccessBodies: false,
  });
  try {
    await during();
  } finally {
    stop.abort();
    await load;
  }
  const elapsedMs = performance.now() - started;
  const expected = (o: Outcome) => (o.request.method === 'POST' ? 201 : 200);
  const writes = outcomes.filter((o) => o.request.method === 'POST');
  const rows = await cluster.query<{ title: string }>(
    'SELECT title FROM articles WHERE title LIKE $1',
    [`load ${run} %`],
  );
  return {
    outcomes,
    writes,
    failed: outcomes.filter((o) => o.status !== expected(o)),
    acknowledged: writes.filter((o) => o.status === 201).map((o) => o.request.tag as string),
    unanswered: writes.filter((o) => o.status !== 201).map((o) => o.request.tag as string),
    stored: new Set(rows.map((row) => row.title)),
    elapsedMs,
  };
}

/** The instance HAProxy says answered, or that there was no answer at all. */
export function servedBy(outcome: Outcome): string {
  return String(outcome.headers?.[SERVED_BY] ?? 'no answer');
}

export function describeOutcome(outcome: Outcome): string {
  return `${outcome.request.method} ${outcome.request.path} → ${outcome.status ?? outcome.error} via ${servedBy(outcome)}`;
}
