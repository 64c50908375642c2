import { Client } from 'pg';
import { registerUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { PostgresReplica } from './support/postgres-replica';
import { buildApp, TestApp, testAppOf } from './support/test-app';
import { createTemplate } from './support/test-database-server';

// Well above the few milliseconds between a write and the reads that check it, so that a replica
// paused on purpose is still "up" for them; the lag test waits for the monitor to pass it.
const MAX_LAG_MS = 2500;
const METRICS_TOKEN = 'replica-metrics-token-0123456789abcdef';
const DATABASE = 'folio';

async function folioSessionsOn(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'folio'",
    );
    return Number(rows[0].count);
  } finally {
    await client.end();
  }
}

interface ReplicaReport {
  name: string;
  status: 'up' | 'lagging' | 'down';
  lagMs: number | null;
  checkedAt: string | null;
}

// Two instances on one primary and one replica, sharing Redis (as behind a load balancer): a write
// through one and the next read through the other.
describe('read replicas', () => {
  let pg: PostgresReplica | undefined;
  const apps: TestApp[] = [];
  const instance = (n: 0 | 1): TestApp => apps[n];

  beforeAll(async () => {
    pg = await PostgresReplica.start();
    await createTemplate(pg.primaryUrl(), DATABASE);
    await pg.waitForReplay();
    const env = {
      ...FAST_AUTH_ENV,
      DATABASE_REPLICA_URLS: pg.replicaUrl(DATABASE),
      DATABASE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      REDIS_URL: 'redis://127.0.0.1:6379',
      JOBS_WORKERS: 'false',
      METRICS_TOKEN,
    };
    for (let i = 0; i < 2; i++) {
      const app = await buildApp(pg.primaryUrl(DATABASE), env);
      const database = { name: DATABASE, url: pg.primaryUrl(DATABASE), drop: async () => {} };
      apps.push(testAppOf(app, database, () => app.close()));
    }
    await Promise.all(apps.map((t) => replicaReaches(t, 'up')));
  });

  afterAll(async () => {
    for (const t of apps) await t.close();
    await pg?.stop();
  });

  // A failed test must not leave the replica stopped or paused for the next one.
  afterEach(async () => {
    await pg!.startReplica();
    await pg!.resumeReplay();
    await pg!.waitForReplay();
    await Promise.all(apps.map((t) => replicaReaches(t, 'up')));
  });

  /** Written on the primary straight in SQL, as no Folio request: nobody's reads are sent to the primary. */
  const onPrimary = (sql: string, params: unknown[]) => instance(0).dataSource.query(sql, params);

  async function readiness(t: TestApp): Promise<{ ready: boolean; replicas: ReplicaReport[] }> {
    const response = await t.http().get('/health/ready');
    // A replica's trouble never makes the instance unready.
    expect(response.status).toBe(200);
    return response.body as { ready: boolean; replicas: ReplicaReport[] };
  }

  async function replicaReaches(
    t: TestApp,
    status: ReplicaReport['status'],
  ): Promise<ReplicaReport> {
    const deadline = Date.now() + MAX_LAG_MS + 5000;
    for (;;) {
      const [replica] = (await readiness(t)).replicas;
      if (replica.status === status) return replica;
      if (Date.now() > deadline) {
        throw new Error(`replica-1 stayed ${JSON.stringify(replica)}, expected ${status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function publishedArticle() {
    const author = await registerUser(instance(0));
    const article = await createArticle(instance(0), author.token);
    await pg!.waitForReplay();
    return { author, article };
  }

  const bodyOf = async (t: TestApp, slug: string, token?: string): Promise<string> => {
    const client = token ? t.as(token) : t.http();
    const response = await client.get(`/api/articles/${slug}`).expect(200);
    return (response.body as { article: { body: string } }).article.body;
  };

  it('serves anonymous reads from the replica: a change the replica has not replayed is not in them', async () => {
    const { article } = await publishedArticle();
    await pg!.pauseReplay();
    await onPrimary('UPDATE articles SET body = $1 WHERE slug = $2', [
      'Changed on the primary',
      article.slug,
    ]);

    await expect(bodyOf(instance(0), article.slug)).resolves.toBe(article.body);
    await expect(bodyOf(instance(1), article.slug)).resolves.toBe(article.body);
    // And the replica is where Folio's connections read: the monitor's own has another name.
    await expect(folioSessionsOn(pg!.replicaUrl(DATABASE))).resolves.toBeGreaterThan(0);

    await pg!.resumeReplay();
    await pg!.waitForReplay();
    await expect(bodyOf(instance(1), article.slug)).resolves.toBe('Changed on the primary');
  });

  it("shows a writer their write through another instance while the replica lags; others read the replica's copy", async () => {
    const { author, article } = await publishedArticle();
    await pg!.pauseReplay();
    await instance(0)
      .as(author.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { body: 'Edited by its author' } })
      .expect(200);

    await expect(bodyOf(instance(1), article.slug, author.token)).resolves.toBe(
      'Edited by its author',
    );
    await expect(bodyOf(instance(0), article.slug, author.token)).resolves.toBe(
      'Edited by its author',
    );
    await expect(bodyOf(instance(1), article.slug)).resolves.toBe(article.body);
  });

  it('shows a new account to its owner at once, on any instance, before the replica has it', async () => {
    await pg!.pauseReplay();
    const user = await registerUser(instance(0));

    const own = await instance(1).as(user.token).get('/api/user').expect(200);
    expect(own.body.user.username).toBe(user.username);
    await instance(1).as(user.token).get(`/api/profiles/${user.username}`).expect(200);
    await instance(1).http().get(`/api/profiles/${user.username}`).expect(404);
  });

  it('skips a replica further behind than DATABASE_REPLICA_MAX_LAG_MS, and uses it again once caught up', async () => {
    const { article } = await publishedArticle();
    await pg!.pauseReplay();
    await onPrimary('UPDATE articles SET body = $1 WHERE slug = $2', [
      'Fresh on the primary',
      article.slug,
    ]);
    await expect(bodyOf(instance(0), article.slug)).resolves.toBe(article.body);

    const lagging = await replicaReaches(instance(0), 'lagging');
    expect(lagging.lagMs).toBeGreaterThan(MAX_LAG_MS);
    await expect(bodyOf(instance(0), article.slug)).resolves.toBe('Fresh on the primary');
    expect((await readiness(instance(0))).ready).toBe(true);

    await pg!.resumeReplay();
    const caughtUp = await replicaReaches(instance(0), 'up');
    expect(caughtUp.lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
    await pg!.pauseReplay();
    await onPrimary('UPDATE articles SET body = $1 WHERE slug = $2', ['Newer still', article.slug]);
    await expect(bodyOf(instance(0), article.slug)).resolves.toBe('Fresh on the primary');
  });

  it('answers every read from the primary while the replica is stopped, and uses it again once back', async () => {
    const { author, article } = await publishedArticle();
    // Connections the replica's pool already holds: its stop cuts them under the next reads.
    await Promise.all([bodyOf(instance(0), article.slug), bodyOf(instance(1), article.slug)]);
    await pg!.stopReplica();
    await onPrimary('UPDATE articles SET body = $1 WHERE slug = $2', [
      'While the replica was away',
      article.slug,
    ]);

    // At once, before the monitor notices, then after: no read fails.
    const paths = [
      `/api/articles/${article.slug}`,
      '/api/articles',
      '/api/tags',
      `/api/profiles/${author.username}`,
    ];
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const t of apps) {
        const responses = await Promise.all(paths.map((path) => t.http().get(path)));
        statuses.push(...responses.map((response) => response.status));
      }
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    await expect(bodyOf(instance(1), article.slug)).resolves.toBe('While the replica was away');
    const down = await replicaReaches(instance(0), 'down');
    expect(down).toMatchObject({ name: 'replica-1', lagMs: null });
    expect((await readiness(instance(0))).ready).toBe(true);

    await pg!.startReplica();
    await pg!.waitForReplay();
    await replicaReaches(instance(0), 'up');
    await pg!.pauseReplay();
    await onPrimary('UPDATE articles SET body = $1 WHERE slug = $2', [
      'After it came back',
      article.slug,
    ]);
    await expect(bodyOf(instance(0), article.slug)).resolves.toBe('While the replica was away');
  });

  it('reports each replica in /health/ready, and the signed-in and anonymous pages read fine from it', async () => {
    const { author, article } = await publishedArticle();
    const { ready, replicas } = await readiness(instance(0));
    expect(ready).toBe(true);
    expect(replicas).toEqual([
      { name: 'replica-1', status: 'up', lagMs: expect.any(Number), checkedAt: expect.any(String) },
    ]);
    expect(replicas[0].lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
    // The same state for Prometheus.
    const metrics = await instance(0)
      .http()
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200);
    expect(metrics.text).toMatch(/^folio_db_replica_lag_seconds\{replica="replica-1"\} [\d.e-]+$/m);
    expect(metrics.text).toMatch(/^folio_db_replica_up\{replica="replica-1",status="up"\} 1$/m);

    const anonymous = [
      '/api/articles',
      `/api/articles/${article.slug}`,
      `/api/articles/${article.slug}/comments`,
      '/api/tags',
      '/api/categories',
      `/api/profiles/${author.username}`,
      '/rss.xml',
      '/sitemap.xml',
    ];
    for (const path of anonymous) {
      const response = await instance(1).http().get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    for (const path of [
      '/api/user',
      '/api/articles/feed',
      `/api/articles?author=${author.username}`,
    ]) {
      const response = await instance(1).as(author.token).get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
  });
});
