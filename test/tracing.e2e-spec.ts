import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { testPort } from './support/test-port';
import { launchFolio, LaunchedFolio, waitForAnswer, waitForExit } from './support/launched-process';
import { OtlpReceiver, ReceivedSpan } from './support/otlp-receiver';
import { createTestDatabase, TestDatabase } from './support/test-app';
import { waitFor } from './support/wait-for';
import { WebhookReceiver } from './support/webhook-receiver';

const ROOT = join(__dirname, '..');
const SERVER = 2;
const CLIENT = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The OpenTelemetry modules that loading dist/src/tracing-preload.js loads, with `env`. */
function openTelemetryModulesLoaded(env: Record<string, string>): string[] {
  const script =
    "require('./dist/src/tracing-preload');" +
    "console.log(JSON.stringify(Object.keys(require.cache).filter((f) => f.includes('@opentelemetry/') || f.includes('@fastify/otel'))));";
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as string[];
}

/**
 * Tracing as an operator turns it on: the built Folio with the standard OTEL_* variables pointing at
 * a collector (here an OTLP/HTTP JSON receiver in the test), and off, by default, without them.
 */
describe('OpenTelemetry tracing (OTEL_*)', () => {
  let database: TestDatabase;
  let receiver: OtlpReceiver;
  let folio: LaunchedFolio | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await OtlpReceiver.start();
  }, 180_000);

  afterAll(async () => {
    if (folio && folio.child.exitCode === null) folio.child.kill('SIGKILL');
    await receiver?.close();
    await database?.drop();
  });

  it('is off by default: without OTEL_* nothing of OpenTelemetry is loaded', () => {
    expect(openTelemetryModulesLoaded({})).toEqual([]);
    expect(openTelemetryModulesLoaded({ OTEL_SERVICE_NAME: 'folio' })).toEqual([]);
    expect(
      openTelemetryModulesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }).length,
    ).toBeGreaterThan(0);
  });

  /** The built Folio exporting to the test's receiver, with `env`; its base URL once it is ready. */
  async function launchTraced(
    env: Record<string, string>,
  ): Promise<{ launched: LaunchedFolio; base: string }> {
    const port = await testPort();
    const launched = launchFolio([process.execPath, 'dist/src/main.js'], {
      cwd: ROOT,
      env: {
        DATABASE_URL: database.url,
        PORT: String(port),
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Export within a tenth of a second instead of the default 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '100',
        ...env,
      },
    });
    folio = launched;
    const base = `http://127.0.0.1:${port}`;
    await waitForAnswer(
      `${base}/health/ready`,
      (response) => Promise.resolve(response.ok),
      launched.child,
      90_000,
      () => launched.log(),
    );
    return { launched, base };
  }

  it('sends the spans of a request and of its SQL, in one trace, to the OTLP endpoint', async () => {
    const { launched, base } = await launchTraced({ JOBS_WORKERS: 'false' });
    // pino writes standard output asynchronously: the line may follow the answer by a moment.
    await waitFor('the tracing line in the log', () =>
      launched.log().includes('OpenTelemetry tracing is on: spans go to otlp'),
    );

    // A caller's trace continues through Folio (W3C traceparent).
    const traceId = randomBytes(16).toString('hex');
    const slug = `no-such-article-${randomBytes(4).toString('hex')}`;
    const response = await fetch(`${base}/api/articles/${slug}`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
    });
    expect(response.status).toBe(404);

    const inTrace = () => receiver.spans.filter((span) => span.traceId === traceId);
    const server = () => inTrace().find((span) => span.kind === SERVER);
    const sql = () =>
      inTrace().filter(
        (span) => span.kind === CLIENT && span.attributes['db.system.name'] === 'postgresql',
      );
    for (let i = 0; i < 150 && !(server() && sql().length > 0); i++) await sleep(100);

    expect(server()).toMatchObject<Partial<ReceivedSpan>>({
      service: 'folio',
      name: 'GET /api/articles/:slug',
      attributes: expect.objectContaining({
        'http.route': '/api/articles/:slug',
        'http.response.status_code': 404,
      }),
    });
    const statements = sql().map((span) => String(span.attributes['db.query.text']));
    expect(statements).toEqual(expect.arrayContaining([expect.stringMatching(/FROM articles a/)]));
    // Parameter values (emails, hashes, here the slug) stay out of the SQL spans.
    expect(JSON.stringify(sql())).not.toContain(slug);
    expect(receiver.requests.every((r) => r.path === '/v1/traces')).toBe(true);

    // A mailed link's token (or a provider's code) stays out of the spans, as out of the logs.
    const secret = `Secr3t${randomBytes(6).toString('hex')}`;
    const linkTrace = randomBytes(16).toString('hex');
    await fetch(`${base}/api/articles?limit=1&token=${secret}&code=${secret}`, {
      headers: { traceparent: `00-${linkTrace}-${randomBytes(8).toString('hex')}-01` },
    });
    const linkServer = () =>
      receiver.spans.find((span) => span.traceId === linkTrace && span.kind === SERVER);
    for (let i = 0; i < 150 && !linkServer(); i++) await sleep(100);
    expect(linkServer()?.attributes['url.query']).toBe(
      'limit=1&token=%5Bredacted%5D&code=%5Bredacted%5D',
    );
    expect(JSON.stringify(receiver.spans)).not.toContain(secret);

    // Probes and scrapes are not traced.
    await fetch(`${base}/health/live`);
    await sleep(500);
    expect(receiver.spans.filter((span) => span.attributes['url.path'] === '/health/live')).toEqual(
      [],
    );

    launched.child.kill('SIGTERM');
    await expect(waitForExit(launched.child, 30_000)).resolves.toBe(0);
  }, 150_000);

  it('an outgoing request (a webhook delivery) keeps its server in the span, not its URL’s path', async () => {
    // A chat service's incoming-hook URL is its own secret, in the path.
    const hooks = await WebhookReceiver.start();
    const secretPath = `/services/T0/B0/${randomBytes(12).toString('hex')}`;
    try {
      // A failure leaves the process to afterAll.
      const { launched, base } = await launchTraced({
        WEBHOOK_ALLOW_PRIVATE: 'true',
        FIRST_SUPERUSER_EMAIL: 'tracer@example.test',
        FIRST_SUPERUSER_USERNAME: 'tracer',
        FIRST_SUPERUSER_PASSWORD: 'tracer-password-1',
      });
      const post = async (path: string, body: unknown, token?: string) => {
        const response = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Token ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        expect([path, response.ok]).toEqual([path, true]);
        return (await response.json()) as Record<string, Record<string, unknown>>;
      };
      const login = await post('/api/users/login', {
        user: { email: 'tracer@example.test', password: 'tracer-password-1' },
      });
      const token = String(login.user.token);
      const created = await post(
        '/api/admin/webhooks',
        { webhook: { url: hooks.url(secretPath), events: ['article.published'] } },
        token,
      );
      await post(`/api/admin/webhooks/${String(created.webhook.id)}/ping`, {}, token);
      await hooks.waitFor(secretPath, 1, 30_000);

      const delivery = () =>
        receiver.spans.find(
          (span) => span.kind === CLIENT && span.attributes['server.port'] === hooks.port,
        );
      for (let i = 0; i < 150 && !delivery(); i++) await sleep(100);
      expect(delivery()?.attributes).toMatchObject({
        'http.request.method': 'POST',
        'server.address': '127.0.0.1',
        'url.full': `http://127.0.0.1:${hooks.port}/REDACTED`,
      });
      expect(JSON.stringify(receiver.spans)).not.toContain(secretPath.split('/').pop());
      launched.child.kill('SIGTERM');
      await expect(waitForExit(launched.child, 30_000)).resolves.toBe(0);
    } finally {
      await hooks.close();
    }
  }, 150_000);
});
