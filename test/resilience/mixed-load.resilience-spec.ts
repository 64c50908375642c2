import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { authHeader, registerUser } from '../support/auth-factory';
import { runLoad, summarize } from '../support/load-client';
import { createArticle, FAST_AUTH_ENV } from '../support/posts-factory';
import { pick, report } from '../support/resilience-mode';
import { createTestApp, TestApp } from '../support/test-app';

/** Mixed reads and writes at 32 connections: no errors, memory and event-loop delay stay flat. */

/** A full collection before each memory reading, so that garbage not yet collected is not counted. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('mixed load', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '20' });
    await t.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves 32 connections with 0 errors, a stable heap and event-loop delay', async () => {
    const durationMs = pick(15_000, 60_000);
    const users = await Promise.all(Array.from({ length: 8 }, () => registerUser(t)));
    const articles = await Promise.all(
      users.map((u) => createArticle(t, u.token, { tagList: ['load'] })),
    );
    const baseUrl = await t.app.getUrl();
    const request = (w: number, i: number) => {
      const user = users[(w + i) % users.length];
      const article = articles[(w * 3 + i) % articles.length];
      const auth = Object.fromEntries([authHeader(user.token)]);
      switch (i % 10) {
        case 0:
          return {
            method: 'POST',
            path: '/api/articles',
            headers: auth,
            body: {
              article: { title: `Load ${w} ${i}`, description: 'd', body: 'b', tagList: ['load'] },
            },
          };
        case 1:
          return {
            method: 'POST',
            path: `/api/articles/${article.slug}/comments`,
            headers: auth,
            body: { comment: { body: `c ${w} ${i}` } },
          };
        case 2:
          return {
            method: i % 20 === 2 ? 'POST' : 'DELETE',
            path: `/api/articles/${article.slug}/favorite`,
            headers: auth,
          };
        case 3:
          return { method: 'GET', path: '/api/articles/feed', headers: auth };
        case 4:
          return { method: 'GET', path: `/api/articles/${article.slug}/comments` };
        case 5:
          return { method: 'GET', path: '/api/tags' };
        case 6:
          return { method: 'GET', path: `/api/articles/${article.slug}`, headers: auth };
        default:
          return { method: 'GET', path: `/api/articles?limit=20&offset=${i % 40}&tag=load` };
      }
    };
    // Warm-up, then the measured run.
    await runLoad({
      baseUrl,
      connections: 32,
      durationMs: 3000,
      maxRequests: 20_000,
      next: request,
    });
    collectGarbage();
    const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const samples: number[] = [];
    const rssSamples: number[] = [];
    const sampler = setInterval(() => {
      samples.push(loop.percentile(99) / 1e6);
      rssSamples.push(process.memoryUsage().rss);
      loop.reset();
    }, 1000);
    const started = performance.now();
    const outcomes = await runLoad({
      baseUrl,
      connections: 32,
      durationMs,
      maxRequests: 2_000_000,
      next: request,
      // The server's memory is what is measured: the client keeps no page it was sent.
      keepSuccessBodies: false,
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    loop.disable();
    collectGarbage();
    const { rss: rssAfter, heapUsed: heapAfter } = process.memoryUsage();
    const errors = outcomes.filter((o) => o.status === undefined || o.status >= 400);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const delayFirst = mean(samples.slice(0, third));
    const delayLast = mean(samples.slice(-third));
    const growth = (rssAfter - rssBefore) / rssBefore;
    // The load client runs in this process too, so RSS mixes its sockets and buffers with the server's
    // and swings with the allocator: it is reported, not asserted. A leak in the app holds JavaScript
    // objects, which the heap after a full collection shows.
    const heapGrowth = (heapAfter - heapBefore) / heapBefore;
    const rssThird = Math.max(1, Math.floor(rssSamples.length / 3));
    const sustainedGrowth =
      (mean(rssSamples.slice(-rssThird)) - mean(rssSamples.slice(0, rssThird))) /
      mean(rssSamples.slice(0, rssThird));
    report('load', {
      seconds: Math.round(seconds),
      connections: 32,
      requests: outcomes.length,
      reqPerSec: Math.round(outcomes.length / seconds),
      errors: errors.length,
      rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
      rssAfterMiB: Math.round(rssAfter / 2 ** 20),
      rssGrowthPct: (growth * 100).toFixed(1),
      rssSustainedGrowthPct: (sustainedGrowth * 100).toFixed(1),
      heapBeforeMiB: Math.round(heapBefore / 2 ** 20),
      heapAfterMiB: Math.round(heapAfter / 2 ** 20),
      heapGrowthPct: (heapGrowth * 100).toFixed(1),
      loopP99FirstMs: delayFirst.toFixed(1),
      loopP99LastMs: delayLast.toFixed(1),
    });
    expect(errors.slice(0, 10).map(summarize)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(1000);
    expect(heapGrowth).toBeLessThan(0.1);
    // A leak or a growing queue shows as a delay that climbs; allow noise on a shared 2-core machine.
    expect(delayLast).toBeLessThan(Math.max(50, delayFirst * 2));
  });
});
