import { monitorEventLoopDelay } from 'node:perf_hooks';
import { authHeader, registerUser } from '../support/auth-factory';
import { runLoad, summarize } from '../support/load-client';
import { createArticle, FAST_AUTH_ENV } from '../support/posts-factory';
import { pick, report } from '../support/resilience-mode';
import { createTestApp, TestApp } from '../support/test-app';

/** Mixed reads and writes at 32 connections: no errors, memory and event-loop delay stay flat. */
describe('mixed load', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'silent', DATABASE_POOL_SIZE: '20' });
    await t.app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await t.close();
  });

  it('serves 32 connections with 0 errors, stable RSS and event-loop delay', async () => {
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
    global.gc?.();
    const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const samples: number[] = [];
    const sampler = setInterval(() => {
      samples.push(loop.percentile(99) / 1e6);
      loop.reset();
    }, 1000);
    const started = performance.now();
    const outcomes = await runLoad({
      baseUrl,
      connections: 32,
      durationMs,
      maxRequests: 2_000_000,
      next: request,
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    loop.disable();
    global.gc?.();
    const { rss: rssAfter, heapUsed: heapAfter } = process.memoryUsage();
    const errors = outcomes.filter((o) => o.status === undefined || o.status >= 400);
    const third = Math.max(1, Math.floor(samples.length / 3));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const delayFirst = mean(samples.slice(0, third));
    const delayLast = mean(samples.slice(-third));
    const growth = (rssAfter - rssBefore) / rssBefore;
    report('load', {
      seconds: Math.round(seconds),
      connections: 32,
      requests: outcomes.length,
      reqPerSec: Math.round(outcomes.length / seconds),
      errors: errors.length,
      rssBeforeMiB: Math.round(rssBefore / 2 ** 20),
      rssAfterMiB: Math.round(rssAfter / 2 ** 20),
      rssGrowthPct: (growth * 100).toFixed(1),
      heapBeforeMiB: Math.round(heapBefore / 2 ** 20),
      heapAfterMiB: Math.round(heapAfter / 2 ** 20),
      loopP99FirstMs: delayFirst.toFixed(1),
      loopP99LastMs: delayLast.toFixed(1),
    });
    expect(errors.slice(0, 10).map(summarize)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(1000);
    expect(growth).toBeLessThan(0.1);
    // A leak or a growing queue shows as a delay that climbs; allow noise on a shared 2-core machine.
    expect(delayLast).toBeLessThan(Math.max(50, delayFirst * 2));
  });
});
