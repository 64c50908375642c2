import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Webhook } from 'standardwebhooks';
import { DatabaseSession } from '../libs/database/database-session';
import { testPort } from './support/test-port';
import { ArticlesService } from '../src/modules/posts/articles.service';
import { SUBSCRIBABLE_EVENTS } from '../src/modules/webhooks/webhook-events';
import { registerUser, RegisteredUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';
import { ReceivedHook, useWebhookReceiver, WebhookReceiver } from './support/webhook-receiver';

type Verify = (secret: string, headers: object, rawBody: string) => boolean;

/** The verification snippet of docs/jobs-and-webhooks.md, run as a reader would paste it. */
function documentedVerifier(): Verify {
  const doc = readFileSync(join(__dirname, '..', 'docs', 'jobs-and-webhooks.md'), 'utf8');
  const block =
    /```js\n(const crypto = require\('node:crypto'\);[\s\S]*?function verifyFolioWebhook[\s\S]*?)```/.exec(
      doc,
    );
  if (!block)
    throw new Error('docs/jobs-and-webhooks.md: the verifyFolioWebhook block was not found');
  const context = { require, Buffer, Date, Math, Number, verify: undefined as unknown };
  runInNewContext(`${block[1]}\nverify = verifyFolioWebhook;`, context);
  return context.verify as Verify;
}

interface Payload {
  id: string;
  type: string;
  timestamp: string;
  data: Record<string, Record<string, unknown>>;
}

const payloadOf = (hook: ReceivedHook) => JSON.parse(hook.body) as Payload;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Delivery {
  id: number;
  messageId: string;
  event: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  responseBody: string | null;
  error: string | null;
}

/** A superuser's view of the webhook API. */
function adminOf(t: TestApp, admin: RegisteredUser) {
  return {
    async create(url: string, events: string[]): Promise<{ id: number; secret: string }> {
      const response = await t.as(admin.token).post('/api/admin/webhooks').send({
        webhook: { url, events },
      });
      expect(response.status).toBe(201);
      return response.body.webhook as { id: number; secret: string };
    },
    async deliveries(id: number): Promise<Delivery[]> {
      const response = await t.as(admin.token).get(`/api/admin/webhooks/${id}/deliveries`);
      expect(response.status).toBe(200);
      return response.body.deliveries as Delivery[];
    },
    /** Polls the log until `done` holds for the newest delivery. */
    async waitForDelivery(id: number, done: (delivery: Delivery) => boolean): Promise<Delivery> {
      for (let i = 0; i < 100; i++) {
        const [newest] = await this.deliveries(id);
        if (newest && done(newest)) return newest;
        await sleep(100);
      }
      throw new Error(`endpoint ${id}: ${JSON.stringify(await this.deliveries(id))}`);
    },
  };
}

/** Receivers on this machine, and retries within a second or two. */
const FAST_WEBHOOK_ENV = {
  ...FAST_AUTH_ENV,
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  JOBS_POLL_INTERVAL_SECONDS: '1',
};

/** The blog's address (APP_URL): an article's `url` in a delivery is on it. */
const SITE_URL = 'https://blog.example.com';

describe('webhooks (real PostgreSQL, pg-boss, a real HTTP receiver)', () => {
  const t = useTestApp({ ...FAST_WEBHOOK_ENV, WEBHOOK_TIMEOUT_MS: '1000', APP_URL: SITE_URL });
  const admin = useRegisteredUser(t, { superuser: true });
  const author = useRegisteredUser(t);
  const receiver = useWebhookReceiver();
  const api = () => adminOf(t, admin);

  it('shows the secret once, at registration, and refuses bad endpoints with 422', async () => {
    const { id, secret } = await api().create(receiver.url('/hook/secret'), ['article.published']);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const one = await t.as(admin.token).get(`/api/admin/webhooks/${id}`).expect(200);
    const list = await t.as(admin.token).get('/api/admin/webhooks').expect(200);
    expect(JSON.stringify([one.body, list.body])).not.toContain(secret);
    expect(one.body.webhook).toMatchObject({ id, active: true, events: ['article.published'] });

    const refused = async (webhook: object): Promise<unknown> =>
      (await t.as(admin.token).post('/api/admin/webhooks').send({ webhook }).expect(422)).body;
    await expect(refused({ url: 'ftp://example.test/x', events: ['ping'] })).resolves.toEqual({
      errors: { events: [expect.stringContaining('must each be one of article.published')] },
    });
    await expect(
      refused({ url: 'ftp://example.test/x', events: ['article.deleted'] }),
    ).resolves.toEqual({
      errors: { url: ['must be an absolute http(s) URL'] },
    });
    await expect(refused({ url: 'https://example.test/x', events: [] })).resolves.toEqual({
      errors: { events: ["can't be empty"] },
    });
    // Each mistake named on the API's own field, in words that say what to send.
    const cases: [object, Record<string, string[]>][] = [
      [
        { url: 'https://example.test/x', events: 'article.published' },
        { events: ['must be a list of event names'] },
      ],
      [{ url: 'https://example.test/x' }, { events: ["can't be blank"] }],
      [{ url: 'https://example.test/x', events: null }, { events: ["can't be blank"] }],
      [{ url: 5, events: ['article.published'] }, { url: ['must be a string'] }],
      [
        { url: 'https://example.test/x', events: ['article.published'], active: null },
        { active: ['must be true or false'] },
      ],
    ];
    for (const [webhook, errors] of cases) {
      await expect(refused(webhook)).resolves.toEqual({ errors });
    }
    const changed = await t
      .as(admin.token)
      .put(`/api/admin/webhooks/${id}`)
      .send({ webhook: { active: null } })
      .expect(422);
    expect(changed.body).toEqual({ errors: { active: ['must be true or false'] } });
    const noEvents = await t
      .as(admin.token)
      .put(`/api/admin/webhooks/${id}`)
      .send({ webhook: { events: null } })
      .expect(422);
    expect(noEvents.body).toEqual({ errors: { events: ["can't be blank"] } });
  });

  it('a committed change: exactly one signed delivery, verified by the documented snippet and the standardwebhooks package', async () => {
    const { id, secret } = await api().create(receiver.url('/hook/published'), [
      'article.published',
    ]);
    const article = await createArticle(t, author.token, { title: 'Dragons and hooks' });
    const [hook] = await receiver.waitFor('/hook/published');
    const payload = payloadOf(hook);
    expect(payload).toMatchObject({
      type: 'article.published',
      id: hook.headers['webhook-id'],
      data: { article: { slug: article.slug, title: 'Dragons and hooks', body: article.body } },
    });
    expect(Date.parse(payload.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(hook.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);

    const verify = documentedVerifier();
    expect(verify(secret, hook.headers, hook.body)).toBe(true);
    expect(() =>
      new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>),
    ).not.toThrow();
    const tampered = hook.body.replace('Dragons', 'Drag0ns');
    expect(verify(secret, hook.headers, tampered)).toBe(false);
    expect(() =>
      new Webhook(secret).verify(tampered, hook.headers as Record<string, string>),
    ).toThrow();
    expect(verify(`whsec_${Buffer.alloc(32).toString('base64')}`, hook.headers, hook.body)).toBe(
      false,
    );

    await sleep(1500);
    expect(receiver.at('/hook/published')).toHaveLength(1);
    const [delivery] = await api().deliveries(id);
    expect(delivery).toMatchObject({
      messageId: payload.id,
      status: 'delivered',
      attempts: 1,
      responseStatus: 200,
      responseBody: 'thanks',
    });
  });

  it('a rolled-back change: no delivery, no job, nothing sent', async () => {
    const { id } = await api().create(receiver.url('/hook/rollback'), ['article.published']);
    const jobs = () =>
      t.dataSource.query<{ n: number }[]>(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'webhook-delivery'",
      );
    const before = await jobs();
    const session = t.app.get(DatabaseSession);
    const articles = t.app.get(ArticlesService);
    const user = { ...author, role: null, isVerified: true };
    await expect(
      session.transaction(async () => {
        await articles.create(user, { title: 'Never published', description: 'd', body: 'b' });
        throw new Error('the request failed after the article was written');
      }),
    ).rejects.toThrow('the request failed');
    await sleep(1000);
    await expect(api().deliveries(id)).resolves.toEqual([]);
    await expect(jobs()).resolves.toEqual(before);
    expect(receiver.at('/hook/rollback')).toEqual([]);
  });

  it('every event carries the resource as the API shows it', async () => {
    await api().create(receiver.url('/hook/all'), [...SUBSCRIBABLE_EVENTS]);
    const user = await registerUser(t);
    const article = await createArticle(t, author.token);
    await t
      .as(author.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { body: 'New' } })
      .expect(200);
    const comment = await t
      .as(user.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'Nice' } })
      .expect(201);
    const commentId = (comment.body as { comment: { id: number } }).comment.id;
    await t
      .as(user.token)
      .delete(`/api/articles/${article.slug}/comments/${commentId}`)
      .expect(204);
    // A new title moves the address: the delivery says where it was, and the id stays.
    const renamed = await t
      .as(author.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { title: 'A new title', status: 'draft' } })
      .expect(200);
    const slug = (renamed.body as { article: { slug: string } }).article.slug;
    const [{ id }] = await t.dataSource.query<{ id: number }[]>(
      'SELECT id FROM articles WHERE slug = $1',
      [slug],
    );
    await t.as(author.token).delete(`/api/articles/${slug}`).expect(204);

    const hooks = (await receiver.waitFor('/hook/all', 8)).map(payloadOf);
    const byType = (type: string) =>
      hooks.filter((hook) => hook.type === type).map((hook) => hook.data);
    expect(byType('user.registered')).toContainEqual({
      profile: { username: user.username, bio: null, image: null, following: false },
    });
    const at = (where: string) => ({ id, url: `${SITE_URL}/article/${where}` });
    expect(byType('article.published')).toEqual([
      {
        article: expect.objectContaining({
          ...at(article.slug),
          slug: article.slug,
          status: 'published',
        }),
      },
    ]);
    expect(byType('article.updated')).toEqual([
      {
        article: expect.objectContaining({ ...at(article.slug), body: 'New', status: 'published' }),
        previous: { slug: article.slug, status: 'published' },
      },
      {
        article: expect.objectContaining({ ...at(slug), title: 'A new title', status: 'draft' }),
        previous: { slug: article.slug, status: 'published' },
      },
    ]);
    expect(byType('article.unpublished')).toEqual([
      { article: expect.objectContaining({ ...at(slug), status: 'draft' }) },
    ]);
    expect(byType('article.deleted')).toEqual([
      { article: expect.objectContaining({ ...at(slug), body: 'New' }) },
    ]);
    const commentData = {
      comment: expect.objectContaining({
        id: commentId,
        body: 'Nice',
        author: expect.objectContaining({ username: user.username }),
      }),
      article: { slug: article.slug },
    };
    expect(byType('comment.created')).toEqual([commentData]);
    expect(byType('comment.deleted')).toEqual([commentData]);
    expect(new Set(hooks.map((hook) => hook.id)).size).toBe(hooks.length);
  });

  it("a static page's events carry the page as the API shows it", async () => {
    await api().create(receiver.url('/hook/pages'), [
      'page.published',
      'page.updated',
      'page.unpublished',
      'page.deleted',
    ]);
    const pages = t.as(admin.token);
    const created = await pages
      .post('/api/pages')
      .send({ page: { title: 'About', body: 'Us.', status: 'published' } })
      .expect(201);
    const slug = (created.body as { page: { slug: string } }).page.slug;
    const [{ id }] = await t.dataSource.query<{ id: number }[]>(
      'SELECT id FROM static_pages WHERE slug = $1',
      [slug],
    );
    // A new title and its slug again from it: the delivery says where the page was.
    await pages
      .put(`/api/pages/${slug}`)
      .send({ page: { title: 'About us', slug: null, status: 'draft' } })
      .expect(200);
    // A save that changes nothing tells nothing.
    await pages
      .put('/api/pages/about-us')
      .send({ page: { title: 'About us' } })
      .expect(200);
    await pages.delete('/api/pages/about-us').expect(204);

    const hooks = (await receiver.waitFor('/hook/pages', 4)).map(payloadOf);
    const at = (where: string) => ({ id, url: `${SITE_URL}/page/${where}` });
    // One of each, whatever order the jobs delivered them in.
    expect(Object.fromEntries(hooks.map((hook) => [hook.type, hook.data]))).toEqual({
      'page.published': {
        page: expect.objectContaining({ ...at(slug), title: 'About', status: 'published' }),
      },
      'page.updated': {
        page: expect.objectContaining({ ...at('about-us'), body: 'Us.', status: 'draft' }),
        previous: { slug, status: 'published' },
      },
      'page.unpublished': { page: expect.objectContaining(at('about-us')) },
      'page.deleted': { page: expect.objectContaining({ ...at('about-us'), title: 'About us' }) },
    });
    await sleep(300);
    expect(receiver.at('/hook/pages')).toHaveLength(4);
  });

  it('a receiver that is down gets the delivery on a retry once it is up', async () => {
    const port = await testPort();
    const { id } = await api().create(`http://127.0.0.1:${port}/hook/late`, ['article.published']);
    await createArticle(t, author.token);
    const failed = await api().waitForDelivery(id, (delivery) => delivery.attempts >= 1);
    expect(failed).toMatchObject({ status: 'pending', responseStatus: null });
    expect(failed.error).toContain('ECONNREFUSED');
    const early = await t
      .as(admin.token)
      .post(`/api/admin/webhooks/${id}/deliveries/${failed.id}/redeliver`)
      .expect(409);
    expect(early.body).toEqual({ errors: { delivery: ['is still being tried'] } });
    const late = await WebhookReceiver.start(port);
    try {
      await late.waitFor('/hook/late', 1, 15_000);
      const delivered = await api().waitForDelivery(
        id,
        (delivery) => delivery.status === 'delivered',
      );
      expect(delivered.attempts).toBeGreaterThanOrEqual(2);
      await sleep(1500);
      expect(late.at('/hook/late')).toHaveLength(1);
    } finally {
      await late.close();
    }
  });

  it('follows no redirect, reads at most 1,024 bytes of an answer, and gives up on a silent receiver', async () => {
    receiver.answer('/hook/moved', { redirectTo: receiver.url('/hook/elsewhere') });
    receiver.answer('/hook/huge', { hugeBody: 5 * 1024 * 1024 });
    receiver.answer('/hook/silent', { hang: true });
    const moved = await api().create(receiver.url('/hook/moved'), ['article.published']);
    const huge = await api().create(receiver.url('/hook/huge'), ['article.published']);
    const silent = await api().create(receiver.url('/hook/silent'), ['article.published']);
    await createArticle(t, author.token);

    const redirected = await api().waitForDelivery(moved.id, (d) => d.attempts >= 1);
    expect(redirected).toMatchObject({ status: 'pending', responseStatus: 302 });
    expect(redirected.error).toBe('answered 302 (redirects are not followed)');
    const big = await api().waitForDelivery(huge.id, (d) => d.status === 'delivered');
    expect(big.responseBody).toHaveLength(1024);
    const timedOut = await api().waitForDelivery(silent.id, (d) => d.attempts >= 1);
    expect(timedOut).toMatchObject({ status: 'pending', error: 'no answer within 1000 ms' });
    expect(receiver.at('/hook/elsewhere')).toEqual([]);
  });

  it('a rotation keeps the old secret signing beside the new one for its overlap; 0 ends it at once', async () => {
    const { id, secret: old } = await api().create(receiver.url('/hook/rotate'), [
      'comment.deleted',
    ]);
    const rotated = await t
      .as(admin.token)
      .post(`/api/admin/webhooks/${id}/rotate-secret`)
      .set('Content-Type', 'application/json')
      .expect(200);
    const { secret: current, previousSecretExpiresAt } = rotated.body.webhook as {
      secret: string;
      previousSecretExpiresAt: string;
    };
    expect(current).not.toBe(old);
    // 24 hours by default.
    expect(Date.parse(previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    await t.as(admin.token).post(`/api/admin/webhooks/${id}/ping`).expect(201);
    const [during] = await receiver.waitFor('/hook/rotate');
    expect(during.headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    const verify = documentedVerifier();
    // A receiver still on the old secret, and one already on the new, both accept it.
    for (const secret of [old, current]) {
      expect(verify(secret, during.headers, during.body)).toBe(true);
      expect(() =>
        new Webhook(secret).verify(during.body, during.headers as Record<string, string>),
      ).not.toThrow();
    }

    // A secret that leaked: rotated with no overlap, it signs nothing more.
    const cut = await t
      .as(admin.token)
      .post(`/api/admin/webhooks/${id}/rotate-secret?previousSecretHours=0`)
      .expect(200);
    const newest = (cut.body as { webhook: { secret: string } }).webhook.secret;
    expect(cut.body.webhook.previousSecretExpiresAt).toBeNull();
    await t.as(admin.token).post(`/api/admin/webhooks/${id}/ping`).expect(201);
    const [, after] = await receiver.waitFor('/hook/rotate', 2);
    expect(after.headers['webhook-signature']).toMatch(/^v1,\S+$/);
    expect(verify(newest, after.headers, after.body)).toBe(true);
    expect(verify(current, after.headers, after.body)).toBe(false);
    const refused = await t
      .as(admin.token)
      .post(`/api/admin/webhooks/${id}/rotate-secret?previousSecretHours=500`)
      .expect(422);
    expect(refused.body).toEqual({ errors: { previousSecretHours: ['must be at most 168'] } });
  });

  it('ping, then redelivery: the same id and body, a new try', async () => {
    const { id } = await api().create(receiver.url('/hook/ping'), ['comment.deleted']);
    const ping = await t.as(admin.token).post(`/api/admin/webhooks/${id}/ping`).expect(201);
    const delivery = (ping.body as { delivery: Delivery }).delivery;
    const [first] = await receiver.waitFor('/hook/ping');
    expect(payloadOf(first)).toMatchObject({ type: 'ping', data: { webhook: { id } } });
    await api().waitForDelivery(id, (d) => d.status === 'delivered');

    await t
      .as(admin.token)
      .post(`/api/admin/webhooks/${id}/deliveries/${delivery.id}/redeliver`)
      .expect(200);
    const [, second] = await receiver.waitFor('/hook/ping', 2);
    expect(second.body).toBe(first.body);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    const again = await api().waitForDelivery(id, (d) => d.attempts === 2);
    expect(again.status).toBe('delivered');
    const detail = await t
      .as(admin.token)
      .get(`/api/admin/webhooks/${id}/deliveries/${delivery.id}`)
      .expect(200);
    expect(detail.body.delivery.payload).toEqual(JSON.parse(first.body));
  });
});

describe('webhooks without WEBHOOK_ALLOW_PRIVATE', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, WEBHOOK_RETRY_DELAY_SECONDS: '1' });
  const admin = useRegisteredUser(t, { superuser: true });
  const receiver = useWebhookReceiver();

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.0.0.8/hook',
    'http://[::ffff:127.0.0.1]/hook',
  ])('refuses %s at registration', async (url) => {
    const response = await t
      .as(admin.token)
      .post('/api/admin/webhooks')
      .send({ webhook: { url, events: ['article.published'] } })
      .expect(422);
    expect(response.body).toEqual({
      errors: { url: ['must not point at a private, loopback or link-local address'] },
    });
  });

  it('checks the address again when it connects: a private one is refused and nothing is sent', async () => {
    // As if a public name had been registered and now resolved to a loopback address.
    const [{ id }] = await t.dataSource.query<{ id: number }[]>(
      `INSERT INTO webhook_endpoints (url, events, secret) VALUES ($1, '{article.published}', 'whsec_AAAA')
       RETURNING id`,
      [receiver.url('/hook/private')],
    );
    await t.as(admin.token).post(`/api/admin/webhooks/${id}/ping`).expect(201);
    const delivery = await adminOf(t, admin).waitForDelivery(id, (d) => d.attempts >= 1);
    expect(delivery.error).toBe(
      'refused: 127.0.0.1 is a private, loopback, link-local or metadata address (WEBHOOK_ALLOW_PRIVATE is off)',
    );
    expect(receiver.received).toEqual([]);
  });
});

describe('an endpoint that always fails', () => {
  const t = useTestApp({ ...FAST_WEBHOOK_ENV, WEBHOOK_DISABLE_AFTER_SECONDS: '2' });
  const admin = useRegisteredUser(t, { superuser: true });
  const author = useRegisteredUser(t);
  const receiver = useWebhookReceiver();

  it('is disabled with the reason once it has failed for WEBHOOK_DISABLE_AFTER_SECONDS; activating it starts afresh', async () => {
    const api = adminOf(t, admin);
    receiver.answer('/hook/broken', { status: 500, body: 'boom' });
    const { id } = await api.create(receiver.url('/hook/broken'), ['article.published']);
    await createArticle(t, author.token);
    const given = await api.waitForDelivery(id, (d) => d.status === 'failed');
    expect(given).toMatchObject({
      responseStatus: 500,
      responseBody: 'boom',
      error: 'answered 500',
    });
    expect(given.attempts).toBeGreaterThanOrEqual(2);
    const endpoint = (await t.as(admin.token).get(`/api/admin/webhooks/${id}`).expect(200)).body
      .webhook as { active: boolean; disabledReason: string; failingSince: string };
    expect(endpoint.active).toBe(false);
    expect(endpoint.disabledReason).toMatch(
      /^Disabled at .*: every delivery failed since .* \(last: answered 500\)$/,
    );

    // Nothing more is sent to a disabled endpoint, and it cannot be pinged.
    const tries = receiver.at('/hook/broken').length;
    await createArticle(t, author.token);
    await t.as(admin.token).post(`/api/admin/webhooks/${id}/ping`).expect(409);
    await sleep(2500);
    expect(receiver.at('/hook/broken')).toHaveLength(tries);

    const activated = await t
      .as(admin.token)
      .put(`/api/admin/webhooks/${id}`)
      .send({ webhook: { active: true } })
      .expect(200);
    expect(activated.body.webhook).toMatchObject({
      active: true,
      disabledReason: null,
      failingSince: null,
    });
  });
});
