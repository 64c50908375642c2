import { randomBytes } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { CapturedLogs } from './support/captured-logs';
import { registerUser } from './support/auth-factory';
import { createTestApp, TestApp, useTestApp } from './support/test-app';

const LIMITS = {
  AUTH_RATE_LIMIT_WINDOW_SECONDS: '1',
  AUTH_RATE_LIMIT_LOGIN_PER_IP: '5',
  AUTH_RATE_LIMIT_LOGIN_PER_ACCOUNT: '2',
  AUTH_RATE_LIMIT_REGISTER_PER_IP: '20',
  AUTH_RATE_LIMIT_MAIL_PER_IP: '20',
  AUTH_RATE_LIMIT_MAIL_PER_ACCOUNT: '1',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function loginAttempt(t: TestApp, email: string, password = 'wrong-password') {
  return t.http().post('/api/users/login').send({ user: { email, password } });
}

// Windows are fixed: a long one makes the "limit reached" checks immune to slow hashing on a busy
// machine; a short one, on a second app, proves the limit lifts when the window ends.
const RESET_WINDOW_SECONDS = 2;

describe.each([
  ['in-process store', {}],
  ['Redis store', { REDIS_URL: 'redis://127.0.0.1:6379' }],
])('rate limits with the %s', (_name, store) => {
  let t: TestApp;
  let quick: TestApp;
  const app = (windowSeconds: number) =>
    createTestApp({
      ...LIMITS,
      ...store,
      AUTH_RATE_LIMIT_WINDOW_SECONDS: String(windowSeconds),
      AUTH_RATE_LIMIT_PREFIX: `folio-test:${randomBytes(6).toString('hex')}:`,
    });

  beforeAll(async () => {
    [t, quick] = await Promise.all([app(120), app(RESET_WINDOW_SECONDS)]);
  });

  afterAll(async () => {
    await Promise.all([t.close(), quick.close()]);
  });

  it('login: per account, then 429 with Retry-After in the API error shape', async () => {
    const user = await registerUser(t);
    await loginAttempt(t, user.email).expect(401);
    await loginAttempt(t, user.email.toUpperCase()).expect(401);
    const limited = await loginAttempt(t, user.email).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(limited.body).toEqual({
      errors: { rateLimit: [expect.stringMatching(/too many attempts/)] },
    });
    // The right password does not get through either while the account is limited.
    await loginAttempt(t, user.email, user.password).expect(429);
  });

  it('login: the limit lifts when the window ends', async () => {
    const user = await registerUser(quick);
    await sleep(RESET_WINDOW_SECONDS * 1000 + 100);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await loginAttempt(quick, user.email)).status);
    // A window may end between attempts on a slow machine; the limit must have been reached at least once.
    expect(statuses).toContain(429);
    await sleep(RESET_WINDOW_SECONDS * 1000 + 100);
    await loginAttempt(quick, user.email, user.password).expect(200);
  });

  it('login: per IP across accounts', async () => {
    // An app of its own, so that no other test's attempts count against this IP.
    const own = await app(120);
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await loginAttempt(own, `ip-${i}@example.test`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    } finally {
      await own.close();
    }
  });

  it('login: per IP, an IPv6 client by its /64 (rotating addresses does not escape the limit)', async () => {
    const own = await createTestApp({
      ...LIMITS,
      ...store,
      TRUST_PROXY: '1',
      AUTH_RATE_LIMIT_WINDOW_SECONDS: '120',
      AUTH_RATE_LIMIT_PREFIX: `folio-test:${randomBytes(6).toString('hex')}:`,
    });
    const from = (address: string, i: number) =>
      own
        .http()
        .post('/api/users/login')
        .set('X-Forwarded-For', address)
        .send({ user: { email: `v6-${i}@example.test`, password: 'wrong-password' } });
    try {
      const statuses = [];
      for (let i = 1; i <= 6; i++) statuses.push((await from(`2001:db8:7:9::${i}`, i)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      await from('2001:db8:7:a::1', 7).expect(401);
    } finally {
      await own.close();
    }
  });

  it('reset-password and verify: per IP, counted with sign-ins (a flood of made-up tokens stops)', async () => {
    const own = await app(120);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const token = `made-up-${i}`;
        statuses.push(
          (
            await own
              .http()
              .post('/api/auth/reset-password')
              .send({ token, password: 'password-xyz' })
          ).status,
          (await own.http().post('/api/auth/verify').send({ token })).status,
        );
      }
      expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
      await loginAttempt(own, 'after-tokens@example.test').expect(429);
    } finally {
      await own.close();
    }
  });

  it('forgot-password and verify/request: per account, still 202 below the limit', async () => {
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

describe('a Redis that cannot answer lets requests through, logged, rather than hold them', () => {
  // A server that accepts connections and never says a word: a paused or partitioned Redis.
  let silent: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it.each([
    ['silent', () => (silent.address() as { port: number }).port],
    ['not listening', () => 1],
  ])('Redis %s: a sign-in is answered', async (_case, port) => {
    const logs = new CapturedLogs();
    const t = await createTestApp(
      { ...LIMITS, REDIS_URL: `redis://127.0.0.1:${port()}`, LOG_LEVEL: 'error' },
      { logDestination: logs },
    );
    try {
      // Well under ioredis's own give-up times (10 s to connect, never for a silent server).
      await loginAttempt(t, 'anyone@example.test').timeout(5000).expect(401);
      expect(logs.lines.join('\n')).toContain('Rate limit store failed, request allowed');
    } finally {
      await t.close();
    }
  });
});

describe('limits on cheap abuse: writes and searches', () => {
  const t = useTestApp({
    AUTH_RATE_LIMIT_WINDOW_SECONDS: '120',
    AUTH_RATE_LIMIT_WRITE_PER_ACCOUNT: '3',
    AUTH_RATE_LIMIT_WRITE_PER_IP: '1000',
    AUTH_RATE_LIMIT_SEARCH_PER_IP: '2',
    AUTH_RATE_LIMIT_SEARCH_PER_ACCOUNT: '1000',
    AUTH_RATE_LIMIT_PREFIX: `folio-test:${randomBytes(6).toString('hex')}:`,
  });

  const createArticle = (token: string, n: number) =>
    t
      .http()
      .post('/api/articles')
      .set('Authorization', `Token ${token}`)
      .send({ article: { title: `Limited ${n}`, description: 'd', body: 'b', tagList: [] } });

  it('writes are counted per user: the fourth is a 429, another user still writes', async () => {
    const [writer, other] = [await registerUser(t), await registerUser(t)];
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) statuses.push((await createArticle(writer.token, n)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await createArticle(writer.token, 5).expect(429);
    expect(limited.headers['retry-after']).toMatch(/^[1-9]\d*$/);
    expect(limited.body).toEqual({
      errors: { rateLimit: [expect.stringMatching(/too many attempts/)] },
    });
    await createArticle(other.token, 6).expect(201);
    const stored = await t.dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM articles WHERE author_id = $1',
      [writer.id],
    );
    expect(stored[0].n).toBe(3);
  });

  it('searches are counted per IP; plain lists are not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await t.http().get('/api/articles?q=limited')).status);
    expect(statuses).toEqual([200, 200, 429]);
    for (let i = 0; i < 5; i++) await t.http().get('/api/articles').expect(200);
  });
});
