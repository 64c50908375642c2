import { Gauge, Histogram, Registry } from 'prom-client';
import { testPort } from './support/test-port';
import { registerUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { parsePrometheusText, Sample, samples, valueOf } from './support/prometheus-text';
import { TestApp, useTestApp } from './support/test-app';

const TOKEN = 'scrape-me-0f3c9a71d2b84e56';
const DURATION = 'folio_http_request_duration_seconds';

async function scrape(t: TestApp): Promise<{ text: string; samples: Sample[] }> {
  const response = await t
    .http()
    .get('/metrics')
    .set('Authorization', `Bearer ${TOKEN}`)
    .expect(200)
    .expect('content-type', /^text\/plain; version=0\.0\.4/);
  return { text: response.text, samples: parsePrometheusText(response.text) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('GET /metrics behind METRICS_TOKEN, on the public port', () => {
  const t = useTestApp({
    ...FAST_AUTH_ENV,
    METRICS_TOKEN: TOKEN,
    DATABASE_POOL_SIZE: '7',
    JOBS_MONITOR_INTERVAL_SECONDS: '1',
  });

  it.each([
    ['no Authorization header', undefined, 'is missing'],
    ['a wrong token', `Bearer ${TOKEN.slice(0, -1)}x`, 'is invalid'],
    ['the token cut short', `Bearer ${TOKEN.slice(0, 8)}`, 'is invalid'],
    ['the token under another scheme', `Token ${TOKEN}`, 'is invalid'],
  ])('answers %s with a 401 in the API error shape', async (_case, authorization, message) => {
    let call = t.http().get('/metrics');
    if (authorization) call = call.set('Authorization', authorization);
    const response = await call.expect(401).expect('content-type', /^application\/json/);
    expect(response.body).toEqual({ errors: { token: [message] } });
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.text).not.toContain('folio_');
  });

  it('counts requests by route pattern and status, never by URL', async () => {
    const author = await registerUser(t);
    const article = await createArticle(t, author.token);
    await t.http().get(`/api/articles/${article.slug}`).expect(200);
    await t.http().get(`/api/articles/${article.slug}-gone`).expect(404);
    await t.http().post('/api/no-such-route/918273').send({}).expect(404);

    const { text, samples: all } = await scrape(t);
    const count = (route: string, status: string) =>
      valueOf(all, `${DURATION}_count`, { method: 'GET', route, status_code: status });
    expect(count('/api/articles/:slug', '200')).toBe(1);
    expect(count('/api/articles/:slug', '404')).toBe(1);
    expect(
      valueOf(all, `${DURATION}_count`, {
        method: 'POST',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBe(1);
    expect(
      valueOf(all, `${DURATION}_sum`, {
        method: 'GET',
        route: '/api/articles/:slug',
        status_code: '200',
      }),
    ).toBeGreaterThan(0);
    // Every series is labelled by a pattern: no slug, id or other raw URL anywhere in the scrape.
    expect(text).not.toContain(article.slug);
    expect(text).not.toContain('918273');
    for (const sample of samples(all, `${DURATION}_count`)) {
      expect(sample.labels.route).toMatch(/^(unmatched|\/[\w/:*.-]*)$/);
    }
  });

  it('reports the database pool as numbers', async () => {
    const { samples: all } = await scrape(t);
    const pool = { pool: 'primary' };
    const open = valueOf(all, 'folio_db_pool_connections', pool);
    const idle = valueOf(all, 'folio_db_pool_idle_connections', pool);
    expect(open).toBeGreaterThanOrEqual(1);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle).toBeLessThanOrEqual(open as number);
    expect(valueOf(all, 'folio_db_pool_waiting_requests', pool)).toBe(0);
    expect(valueOf(all, 'folio_db_pool_max_connections', pool)).toBe(7);
    // Counted before any happens: a rate needs the series.
    expect(valueOf(all, 'folio_db_transaction_retries_total', { reason: 'deadlock' })).toBe(0);
    expect(
      valueOf(all, 'folio_db_transaction_retries_total', { reason: 'serialization_failure' }),
    ).toBe(0);
  });

  it("reports each job queue's depth by state, as pg-boss counts it", async () => {
    await t.dataSource.query(
      `INSERT INTO pgboss.job (name, data, state, retry_limit)
       VALUES ('webhook-log-cleanup', '{}', 'failed', 0)`,
    );
    const failed = { queue: 'webhook-log-cleanup', state: 'failed' };
    let all = (await scrape(t)).samples;
    // pg-boss refreshes its counts at each monitor pass (every second here).
    for (let i = 0; i < 100 && valueOf(all, 'folio_job_queue_jobs', failed) !== 1; i++) {
      await sleep(100);
      all = (await scrape(t)).samples;
    }
    expect(valueOf(all, 'folio_job_queue_jobs', failed)).toBe(1);
    expect(valueOf(all, 'folio_job_queue_up')).toBe(1);
    const mail = samples(all, 'folio_job_queue_jobs', { queue: 'mail' });
    expect(mail.map((sample) => sample.labels.state).sort()).toEqual([
      'active',
      'deferred',
      'failed',
      'ready',
    ]);
    for (const sample of mail) expect(Number.isInteger(sample.value)).toBe(true);
  });

  it('reports the event-loop delay and the process', async () => {
    const { samples: all } = await scrape(t);
    for (const name of [
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_eventloop_lag_seconds',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect({ name, value: valueOf(all, name) }).toEqual({ name, value: expect.any(Number) });
    }
  });

  it('serves a gauge that another module registers on the injected Registry', async () => {
    const registry = t.app.get(Registry);
    new Gauge({
      name: 'folio_test_extra_gauge',
      help: 'Registered by a test as another module would',
      registers: [registry],
      collect() {
        this.set(42);
      },
    });
    const { samples: all } = await scrape(t);
    expect(valueOf(all, 'folio_test_extra_gauge')).toBe(42);
  });

  it('holds no secret: neither the token nor the database address', async () => {
    const { text } = await scrape(t);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(t.database.name);
    expect(text).not.toContain(new URL(t.database.url).host);
  });
});

describe('GET /metrics on METRICS_PORT, a listener of its own', () => {
  let port = 0;
  beforeAll(async () => {
    port = await testPort();
  });
  const t = useTestApp({
    get METRICS_PORT() {
      return String(port);
    },
  });
  const metricsUrl = (path = '/metrics') => `http://127.0.0.1:${port}${path}`;

  it('serves the metrics there without a token, and nowhere on the public port', async () => {
    await t.http().get('/api/tags').expect(200);
    const response = await fetch(metricsUrl());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const all = parsePrometheusText(await response.text());
    expect(
      valueOf(all, `${DURATION}_count`, { method: 'GET', route: '/api/tags', status_code: '200' }),
    ).toBe(1);

    const onPublicPort = await t.http().get('/metrics').expect(404);
    expect(Object.keys(onPublicPort.body as object)).toEqual(['errors']);
  });

  it('serves nothing else there', async () => {
    const response = await fetch(metricsUrl('/api/tags'));
    expect(response.status).toBe(404);
    await expect(response.json()).resolves.toEqual({ errors: { route: ['not found'] } });
    expect((await fetch(metricsUrl(), { method: 'POST' })).status).toBe(404);
  });
});

describe('METRICS_PORT and METRICS_TOKEN together', () => {
  let port = 0;
  beforeAll(async () => {
    port = await testPort();
  });
  useTestApp({
    METRICS_TOKEN: TOKEN,
    get METRICS_PORT() {
      return String(port);
    },
  });

  it('requires the token on the metrics port too', async () => {
    const url = `http://127.0.0.1:${port}/metrics`;
    const refused = await fetch(url, { headers: { Authorization: 'Bearer nope' } });
    expect(refused.status).toBe(401);
    await expect(refused.json()).resolves.toEqual({ errors: { token: ['is invalid'] } });
    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    await expect(missing.json()).resolves.toEqual({ errors: { token: ['is missing'] } });
    const served = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(served.status).toBe(200);
    expect(await served.text()).toContain(DURATION);
  });
});

describe('neither METRICS_PORT nor METRICS_TOKEN', () => {
  const t = useTestApp();

  it('serves no /metrics and measures nothing per request', async () => {
    const response = await t
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${TOKEN}`)
      .expect(404);
    expect(Object.keys(response.body as object)).toEqual(['errors']);
    await t.http().get('/api/tags').expect(200);
    const histogram = t.app.get(Registry).getSingleMetric(DURATION) as Histogram;
    const counts = (await histogram.get()).values.filter(
      (v) => v.metricName === `${DURATION}_count`,
    );
    expect(counts).toEqual([]);
  });
});
