import { hash } from '@node-rs/argon2';
import { registerUser } from './support/auth-factory';
import { createTestApp, TestApp, useTestApp } from './support/test-app';

interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** The mail to `email` in the dev outbox, once its job has run (it is sent after the request). */
async function outboxMail(t: TestApp, email: string): Promise<OutboxMail> {
  for (let i = 0; ; i++) {
    const outbox = await t.http().get('/api/dev/outbox').expect(200);
    const mail = (outbox.body.mails as OutboxMail[]).find((m) => m.to === email);
    if (mail) return mail;
    if (i === 100) throw new Error(`No mail to ${email} in the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('sessions: logout, logout everywhere, rehash, outbox', () => {
  const t = useTestApp({ AUTH_RATE_LIMIT_ENABLED: 'false', DEV_OUTBOX: 'true' });

  const login = (email: string, password: string) =>
    t.http().post('/api/users/login').send({ user: { email, password } }).expect(200);

  it('logout revokes the presented token only', async () => {
    const user = await registerUser(t);
    const second = (await login(user.email, user.password)).body.user.token;
    await t.as(user.token).post('/api/auth/logout').expect(204);
    const revoked = await t.as(user.token).get('/api/user').expect(401);
    expect(revoked.body).toEqual({ errors: { token: ['is invalid'] } });
    await t.as(second).get('/api/user').expect(200);
    await t.http().post('/api/auth/logout').expect(401);
  });

  it('logout-all revokes every token of the user and no one else’s', async () => {
    const user = await registerUser(t);
    const other = await registerUser(t);
    const second = (await login(user.email, user.password)).body.user.token;
    await t.as(second).post('/api/auth/logout-all').expect(204);
    for (const token of [user.token, second]) {
      await t.as(token).get('/api/user').expect(401);
    }
    const left = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM access_tokens WHERE user_id = $1',
      [user.id],
    );
    expect(left[0].n).toBe(0);
    await t.as(other.token).get('/api/user').expect(200);
  });

  it('login upgrades a hash made with other argon2 parameters', async () => {
    const user = await registerUser(t);
    const weak = await hash(user.password, {
      algorithm: 2,
      memoryCost: 8192,
      timeCost: 1,
      parallelism: 1,
    });
    await t.dataSource.query('UPDATE users SET password_hash = $1 WHERE id = $2', [weak, user.id]);
    await login(user.email, user.password);
    const [row] = await t.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    await login(user.email, user.password);
  });

  it('a login with an unknown email costs as much work as one with a wrong password', async () => {
    const user = await registerUser(t);
    // The CPU time this process spends on the answer (every thread: argon2 runs in libuv's pool), not
    // the wall clock, which the other test workers on the same cores stretch at random.
    const work = async (email: string) => {
      const before = process.cpuUsage();
      await t
        .http()
        .post('/api/users/login')
        .send({ user: { email, password: 'wrong-password' } })
        .expect(401);
      const spent = process.cpuUsage(before);
      return (spent.user + spent.system) / 1000;
    };
    const median = (values: number[]) =>
      values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await work(user.email));
      unknown.push(await work(`nobody-${i}@example.test`));
    }
    // Without the dummy verification an unknown email costs ~2 ms of CPU against ~40 ms.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });

  it('without SMTP_URL mails land in the dev outbox', async () => {
    const user = await registerUser(t);
    const mail = await outboxMail(t, user.email);
    expect(mail).toMatchObject({ subject: 'Confirm your email address on Folio' });
    expect(mail.text).toMatch(/http:\/\/localhost:3000\/verify-email\?token=[\w-]{43}/);
    expect(mail.html).toContain('<a href="http://localhost:3000/verify-email?token=');
  });
});

describe('AUTH_REQUIRE_VERIFIED', () => {
  const t = useTestApp({
    AUTH_REQUIRE_VERIFIED: 'true',
    AUTH_RATE_LIMIT_ENABLED: 'false',
    DEV_OUTBOX: 'true',
  });

  it('unverified users read and manage their account, but may not write elsewhere', async () => {
    const user = await registerUser(t);
    const celeb = await registerUser(t);
    await t.as(user.token).get('/api/user').expect(200);
    await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { bio: 'hi' } })
      .expect(200);
    const refused = await t
      .as(user.token)
      .post(`/api/profiles/${celeb.username}/follow`)
      .expect(403);
    expect(refused.body).toEqual({ errors: { email: ['must be verified first'] } });
    const mail = await outboxMail(t, user.email);
    const token = /token=([\w-]+)/.exec(mail.text)![1];
    await t.http().post('/api/auth/verify').send({ token }).expect(204);
    await t.as(user.token).post(`/api/profiles/${celeb.username}/follow`).expect(200);
  });
});

describe('the dev outbox holds reset links, so it is off wherever others could reach it', () => {
  it.each([
    // Production refuses to start without a strong database password in its configuration; the app
    // is still given the test database.
    [
      'in production',
      {
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://folio:k3Zq9vX2mW7pR4tL@db.invalid:5432/folio',
      },
    ],
    ['in development on every interface', { NODE_ENV: 'development', HOST: '0.0.0.0' }],
    ['in tests unless asked for', {}],
  ])('is off %s', async (_where, env) => {
    const t = await createTestApp(env);
    try {
      await t.http().get('/api/dev/outbox').expect(404);
    } finally {
      await t.close();
    }
  });

  it('is on in development on a loopback address', async () => {
    const t = await createTestApp({ NODE_ENV: 'development', HOST: '127.0.0.1' });
    try {
      await t.http().get('/api/dev/outbox').expect(200);
    } finally {
      await t.close();
    }
  });
});
