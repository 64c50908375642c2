import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { testPort } from './support/test-port';
import { BuiltApp } from './support/built-app';
import { createTestDatabase, TestDatabase } from './support/test-app';
import { TestSmtpServer } from './support/test-smtp-server';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * The built Folio as a real process, killed with SIGKILL and started again, two of them on one database:
 * mail and webhook deliveries are jobs in PostgreSQL, so a commit guarantees them and a crash loses none.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function post(app: BuiltApp, path: string, body: object, token?: string): Promise<Response> {
  return fetch(`${app.baseUrl}/api${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Token ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function register(app: BuiltApp): Promise<{ email: string; token: string }> {
  const suffix = randomBytes(5).toString('hex');
  const user = {
    username: `u_${suffix}`,
    email: `u_${suffix}@example.test`,
    password: `pw-${suffix}-x`,
  };
  const response = await post(app, '/users', { user });
  expect(response.status).toBe(201);
  const { token } = ((await response.json()) as { user: { token: string } }).user;
  return { email: user.email, token };
}

async function publish(app: BuiltApp, token: string, title: string): Promise<string> {
  const response = await post(
    app,
    '/articles',
    { article: { title, description: 'd', body: 'b' } },
    token,
  );
  const answer = (await response.json()) as { article: { slug: string } };
  // The answer itself when it is not 201: a CI run once failed here with the status alone.
  expect({ status: response.status, answer }).toMatchObject({ status: 201 });
  return answer.article.slug;
}

describe('durable jobs in the built app (SIGKILL, restarts, two processes)', () => {
  let database: TestDatabase;
  const apps: BuiltApp[] = [];

  /** A Folio process on the shared test database, with short job intervals. */
  async function folio(env: Record<string, string>): Promise<BuiltApp> {
    const app = await BuiltApp.create({
      DATABASE_URL: database.url,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      JOBS_MONITOR_INTERVAL_SECONDS: '1',
      JOBS_POLL_INTERVAL_SECONDS: '1',
      MAIL_RETRY_DELAY_SECONDS: '1',
      MAIL_RETRY_DELAY_MAX_SECONDS: '2',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      AUTH_ARGON2_MEMORY_KIB: '8192',
      AUTH_ARGON2_ITERATIONS: '1',
      AUTH_RATE_LIMIT_ENABLED: 'false',
      ...env,
    });
    apps.push(app);
    await app.start();
    return app;
  }

  async function subscribe(url: string): Promise<void> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '{article.published}', $2)`,
        [url, `whsec_${randomBytes(32).toString('base64')}`],
      );
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
  }, 180_000);

  afterEach(async () => {
    for (const app of apps.splice(0)) await app.dispose();
  });

  afterAll(async () => {
    await database?.drop();
  });

  it('SMTP and the receiver down, SIGKILL right after the 201s: after a restart the mail and the delivery arrive exactly once', async () => {
    const smtpPort = await testPort();
    const hookPort = await testPort();
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}` };
    const first = await folio(env);
    await subscribe(`http://127.0.0.1:${hookPort}/hook/crash`);
    // Nothing listens on either port: Folio starts and answers all the same.
    const user = await register(first);
    const slug = await publish(first, user.token, 'Survives a crash');
    await first.kill();

    const smtp = await TestSmtpServer.start(smtpPort);
    const receiver = await WebhookReceiver.start(hookPort);
    try {
      await folio(env);
      await smtp.waitForMail(user.email, undefined, 45_000);
      const [hook] = await receiver.waitFor('/hook/crash', 1, 45_000);
      expect(
        (JSON.parse(hook.body) as { data: { article: { slug: string } } }).data.article.slug,
      ).toBe(slug);
      await sleep(3000);
      expect(smtp.mailsTo(user.email)).toHaveLength(1);
      expect(receiver.at('/hook/crash')).toHaveLength(1);
    } finally {
      await smtp.close();
      await receiver.close();
    }
  }, 120_000);

  it('two processes on one database: each delivery is sent once', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const env = {};
      const one = await folio(env);
      const two = await folio(env);
      await subscribe(receiver.url('/hook/shared'));
      const user = await register(one);
      const slugs: string[] = [];
      for (let i = 0; i < 30; i++)
        slugs.push(await publish(i % 2 ? two : one, user.token, `Shared ${i}`));
      const hooks = await receiver.waitFor('/hook/shared', slugs.length, 30_000);
      await sleep(2000);
      const received = receiver
        .at('/hook/shared')
        .map(
          (hook) =>
            (JSON.parse(hook.body) as { data: { article: { slug: string } } }).data.article.slug,
        );
      expect(received.sort()).toEqual([...slugs].sort());
      expect(new Set(hooks.map((hook) => hook.headers['webhook-id'])).size).toBe(slugs.length);
    } finally {
      await receiver.close();
    }
  }, 120_000);
});
