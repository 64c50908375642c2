import { randomBytes } from 'node:crypto';
import { registerUser } from './support/auth-factory';
import { createTestApp, TestApp } from './support/test-app';

const LIMITS = {
  AUTH_RATE_LIMIT_WINDOW_SECONDS: '1',
  AUTH_RATE_LIMIT_LOGIN_PER_IP: '5',
  AUTH_RATE_LIMIT_LOGIN_PER_ACCOUNT: '2',
  AUTH_RATE_LIMIT_REGISTER_PER_IP: '20',
  AUTH_RATE_LIMIT_MAIL_PER_IP: '20',
  AUTH_RATE_LIMIT_MAIL_PER_ACCOUNT: '1',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loginAttempt(t: TestApp, email: string) {
  return t
    .http()
    .post('/api/users/login')
    .send({ user: { email, password: 'wrong-password' } });
}

describe.each([
  ['in-process store', {}],
  ['Redis store', { REDIS_URL: 'redis://127.0.0.1:6379' }],
])('rate limits with the %s', (_name, store) => {
  let t: TestApp;

  beforeAll(async () => {
    const prefix = `folio-test:${randomBytes(6).toString('hex')}:`;
    t = await createTestApp({ ...LIMITS, ...store, AUTH_RATE_LIMIT_PREFIX: prefix });
  });

  afterAll(async () => {
    await t.close();
  });

  it('login: per account, then 429 with Retry-After in the API error shape; resets after the window', async () => {
    const user = await registerUser(t);
    await sleep(1100);
    await loginAttempt(t, user.email).expect(401);
    await loginAttempt(t, user.email.toUpperCase()).expect(401);
    const limited = await loginAttempt(t, user.email).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(limited.body).toEqual({
      errors: { rateLimit: [expect.stringMatching(/too many attempts/)] },
    });
    // The right password does not get through either while the account is limited.
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(429);
    await sleep(1100);
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
  });

  it('login: per IP across accounts', async () => {
    await sleep(1100);
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await loginAttempt(t, `ip-${i}@example.test`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('forgot-password and verify/request: per account, still 202 below the limit', async () => {
    await sleep(1100);
    const email = `limited-${randomBytes(4).toString('hex')}@example.test`;
    await t.http().post('/api/auth/forgot-password').send({ email }).expect(202);
    await t.http().post('/api/auth/forgot-password').send({ email }).expect(429);
    await t.http().post('/api/auth/verify/request').send({ email }).expect(429);
    await t
      .http()
      .post('/api/auth/verify/request')
      .send({ email: `other-${email}` })
      .expect(202);
  });
});

describe('the Redis store is shared between instances', () => {
  it('hits on one instance count on the other', async () => {
    const env = {
      ...LIMITS,
      AUTH_RATE_LIMIT_WINDOW_SECONDS: '30',
      REDIS_URL: 'redis://127.0.0.1:6379',
      AUTH_RATE_LIMIT_PREFIX: `folio-test:${randomBytes(6).toString('hex')}:`,
    };
    const [a, b] = [await createTestApp(env), await createTestApp(env)];
    try {
      await loginAttempt(a, 'shared@example.test').expect(401);
      await loginAttempt(b, 'shared@example.test').expect(401);
      await loginAttempt(a, 'shared@example.test').expect(429);
      await loginAttempt(b, 'shared@example.test').expect(429);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
