import { makeSuperuser, registerUser } from './support/auth-factory';
import { CapturedLogs } from './support/captured-logs';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { createTestApp, useTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

describe('logs', () => {
  const logs = new CapturedLogs();
  const t = useTestApp(
    { ...FAST_AUTH_ENV, LOG_LEVEL: 'trace', JOBS_POLL_INTERVAL_SECONDS: '1' },
    { logDestination: logs },
  );

  it('are JSON lines with the request id the client got back', async () => {
    const response = await t.http().get('/api/tags').expect(200);
    const id = response.headers['x-request-id'];
    expect(logs.ofRequest(id)).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id, method: 'GET', url: '/api/tags' },
      res: { statusCode: 200 },
    });
  });

  it('never hold a password, a token or an Authorization header', async () => {
    const password = 'Sup3r-Secret-Passw0rd-Xyzzy';
    const user = await registerUser(t, { password });
    const other = await registerUser(t);
    // Logins that work and that fail, a current-user read, a password change, a write, an error
    // (403 on someone else's article), a bad token, tokens in query strings, logout.
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password } })
      .expect(200);
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password: `${password}-wrong` } })
      .expect(401);
    await t.as(user.token).get('/api/user').expect(200);
    const newPassword = 'An0ther-Secret-Passw0rd-Plugh';
    await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { password: newPassword } });
    const article = await createArticle(t, other.token);
    await t.as(user.token).delete(`/api/articles/${article.slug}`).expect(403);
    await t
      .http()
      .get('/api/user')
      .set('Authorization', 'Token not-a-real-token-Quux1234')
      .expect(401);
    await t.http().get(`/api/articles?token=${user.token}&password=${password}`);
    await t.http().get('/api/preview?key=Preview-Key-Xyzzy').expect(404);
    await t
      .http()
      .post('/api/auth/reset-password')
      .send({ token: 'Reset-Token-Frobnicate', password: newPassword });
    await t.as(user.token).post('/api/auth/logout');

    const text = logs.lines.join('\n');
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const secret of [
      password,
      newPassword,
      user.token,
      other.token,
      'not-a-real-token-Quux1234',
      'Reset-Token-Frobnicate',
      'Preview-Key-Xyzzy',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text.toLowerCase()).not.toContain('authorization');
    expect(text).toContain('token=%5Bredacted%5D');
  });

  it("never hold a webhook's address: its host may be the receiver's token", async () => {
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    // Request-bin services put the token in the host name; .invalid never resolves (ENOTFOUND).
    const host = 'wh-token-8f3kq2z9.bins.invalid';
    const created = await t
      .as(admin.token)
      .post('/api/admin/webhooks')
      .send({
        webhook: { url: `https://${host}/hook?key=Qu3ryKey`, events: ['article.published'] },
      })
      .expect(201);
    const id = (created.body as { webhook: { id: number } }).webhook.id;
    await t.as(admin.token).post(`/api/admin/webhooks/${id}/ping`).expect(201);
    let error = '';
    await waitFor(
      'the failed try',
      async () => {
        const response = await t.as(admin.token).get(`/api/admin/webhooks/${id}/deliveries`);
        const [newest] = (response.body as { deliveries: { error: string | null }[] }).deliveries;
        error = newest?.error ?? '';
        return error !== '';
      },
      30_000,
    );
    // The administrator is told why, without the address they already know.
    expect(error).toMatch(/ENOTFOUND/);
    await waitFor('its log line', () => logs.lines.some((line) => line.includes('ENOTFOUND')));
    const text = logs.lines.join('\n');
    expect(text).not.toContain('wh-token-8f3kq2z9');
    expect(text).not.toContain('Qu3ryKey');
  });

  it('leave out the probes that pass: liveness always, readiness when ready', async () => {
    const live = await t.http().get('/health/live').expect(200);
    const ready = await t.http().get('/health/ready').expect(200);
    const tags = await t.http().get('/api/tags').expect(200);
    expect(logs.ofRequest(live.headers['x-request-id'])).toBeUndefined();
    expect(logs.ofRequest(ready.headers['x-request-id'])).toBeUndefined();
    expect(logs.ofRequest(tags.headers['x-request-id'])).toBeDefined();
  });

  describe('the client address', () => {
    it("behind a trusted proxy (TRUST_PROXY) is the one X-Forwarded-For names, not the proxy's", async () => {
      const proxied = new CapturedLogs();
      const app = await createTestApp(
        { ...FAST_AUTH_ENV, LOG_LEVEL: 'info', TRUST_PROXY: '127.0.0.1' },
        { logDestination: proxied },
      );
      try {
        const response = await app
          .http()
          .get('/api/tags')
          .set('X-Forwarded-For', '198.51.100.7, 203.0.113.9')
          .expect(200);
        expect(proxied.ofRequest(response.headers['x-request-id'])).toMatchObject({
          req: { remoteAddress: '203.0.113.9' },
        });
      } finally {
        await app.close();
      }
    });

    it("with no trusted proxy is the connection's, whatever X-Forwarded-For says", async () => {
      const response = await t
        .http()
        .get('/api/tags')
        .set('X-Forwarded-For', '203.0.113.9')
        .expect(200);
      expect(logs.ofRequest(response.headers['x-request-id'])).toMatchObject({
        req: { remoteAddress: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/) },
      });
    });
  });
});
