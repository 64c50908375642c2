import { randomBytes } from 'node:crypto';
import { Env } from '../src/config/env-reader';
import { changeAccess, registerUser } from './support/auth-factory';
import { oneTimeToken } from './support/authorization-table';
import { CapturedLogs } from './support/captured-logs';
import { GitHubLikeServer } from './support/github-like-server';
import { OidcTestProvider, startOidcProvider } from './support/oidc-test-provider';
import { FAST_AUTH_ENV } from './support/posts-factory';
import {
  APP_URL,
  exchange,
  followCallback,
  ProviderBrowser,
  roundTrip,
  startLink,
  startSignIn,
} from './support/provider-sign-in';
import { TestApp, useTestApp } from './support/test-app';

const suffix = randomBytes(4).toString('hex');
const emailOf = (name: string) => `${name}-${suffix}@idp.example.test`;

/** The provider's users, by subject. */
const ACCOUNTS: Record<string, Record<string, unknown>> = Object.fromEntries(
  ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'henry', 'ivy', 'jack'].map((name) => [
    name,
    {
      email: emailOf(name),
      // bob's address is one the provider has not checked.
      email_verified: name !== 'bob',
      preferred_username: name,
    },
  ]),
);

const callbackOf = (name: string) => `${APP_URL}/api/auth/providers/${name}/callback`;

/** An OpenID provider process with Folio registered as its client under `name`. */
async function provider(
  name: string,
  env: Env,
  options: { clockOffsetSeconds?: number; forgeJwks?: boolean } = {},
): Promise<OidcTestProvider> {
  const secret = `secret-${name}-${suffix}`;
  const started = await startOidcProvider({
    clients: [
      { client_id: `folio-${name}`, client_secret: secret, redirect_uris: [callbackOf(name)] },
    ],
    accounts: ACCOUNTS,
    ...options,
  });
  const key = name.toUpperCase();
  Object.assign(env, {
    [`OAUTH_${key}_CLIENT_ID`]: `folio-${name}`,
    [`OAUTH_${key}_CLIENT_SECRET`]: secret,
    [`OAUTH_${key}_ISSUER`]: started.issuer,
  });
  return started;
}

const running: OidcTestProvider[] = [];
let github: GitHubLikeServer;
/** Filled in by the first beforeAll, read by the apps' (hooks run in order). */
const env: Env = {
  ...FAST_AUTH_ENV,
  APP_URL,
  LOG_LEVEL: 'warn',
  OAUTH_ACME_DISPLAY_NAME: 'Acme ID',
};
const linkingEnv: Env = {};
const invitationEnv: Env = {};

beforeAll(async () => {
  running.push(
    await provider('acme', env),
    // Its clock two hours behind: every ID token it signs has expired.
    await provider('skewed', env, { clockOffsetSeconds: -7200 }),
    // Publishes another key than the one it signs with.
    await provider('forged', env, { forgeJwks: true }),
  );
  github = await GitHubLikeServer.start({ id: 'gh-client', secret: `gh-secret-${suffix}` });
  Object.assign(env, github.settings('GITHUB'));
  Object.assign(linkingEnv, env, { OAUTH_LINK_BY_VERIFIED_EMAIL: 'true', LOG_LEVEL: 'error' });
  Object.assign(invitationEnv, linkingEnv, { SIGNUPS: 'invitation' });
}, 60000);

afterAll(async () => {
  for (const started of running) started.stop();
  await github?.close();
});

const identitiesOf = (t: TestApp, userId: number) =>
  t.dataSource.query<{ provider: string; subject: string }[]>(
    'SELECT provider, subject FROM user_identities WHERE user_id = $1 ORDER BY provider',
    [userId],
  );

async function userIdByEmail(t: TestApp, email: string): Promise<number | undefined> {
  const rows = await t.dataSource.query<{ id: number }[]>(
    'SELECT id FROM users WHERE lower(email) = lower($1)',
    [email],
  );
  return rows[0]?.id;
}

describe('identity providers', () => {
  const logs = new CapturedLogs();
  const t = useTestApp(env, { logDestination: logs });

  it('lists the configured providers for the buttons, never cached', async () => {
    const response = await t.http().get('/api/auth/providers').expect(200);
    expect(response.body).toEqual({
      providers: [
        { name: 'acme', displayName: 'Acme ID' },
        { name: 'forged', displayName: 'Forged' },
        { name: 'github', displayName: 'GitHub' },
        { name: 'skewed', displayName: 'Skewed' },
      ],
    });
    expect(response.headers['cache-control']).toMatch(/no-store/);
  });

  it('sends the browser to the provider with PKCE, state and nonce, and a cookie for the callback', async () => {
    const started = await startSignIn(t, 'acme', '/settings');
    const url = new URL(started.providerUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('redirect_uri')).toBe(callbackOf('acme'));
    await t.http().get('/api/auth/providers/nope/authorize').expect(404);
  });

  it('signs a new user up, verified and without a password, with a one-time code for the web app', async () => {
    const browser = new ProviderBrowser();
    const { web } = await roundTrip(t, browser, 'acme', 'alice');
    expect(`${web.origin}${web.pathname}`).toBe(`${APP_URL}/auth/callback`);
    expect([...web.searchParams.keys()].sort()).toEqual(['code', 'next']);
    const response = await exchange(t, web).expect(200);
    const user = (response.body as { user: Record<string, unknown> }).user;
    expect(user).toMatchObject({ email: emailOf('alice'), isVerified: true });
    expect(user.username).toMatch(/^alice\d*$/);
    expect(web.href).not.toContain(user.token as string);
    await t
      .as(user.token as string)
      .get('/api/user')
      .expect(200);
    const id = await userIdByEmail(t, emailOf('alice'));
    await expect(identitiesOf(t, id as number)).resolves.toEqual([
      { provider: 'acme', subject: 'alice' },
    ]);
    const rows = await t.dataSource.query<{ password_hash: string | null }[]>(
      'SELECT password_hash FROM users WHERE id = $1',
      [id],
    );
    expect(rows[0].password_hash).toBeNull();
    // No password: a password login is refused as any wrong password is.
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: emailOf('alice'), password: '' } })
      .expect(422);
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: emailOf('alice'), password: 'any-password-1' } })
      .expect(401, { errors: { credentials: ['invalid'] } });

    // The exchange code works once.
    await exchange(t, web).expect(400, { errors: { code: ['is invalid or expired'] } });

    // The next sign-in finds the same account.
    const again = await roundTrip(t, new ProviderBrowser(), 'acme', 'alice');
    const second = await exchange(t, again.web).expect(200);
    expect((second.body as { user: { username: string } }).user.username).toBe(user.username);
    expect(await userIdByEmail(t, emailOf('alice'))).toBe(id);
  });

  it('trades the code only in the browser that signed in: a code sent to someone else signs nobody in', async () => {
    // The attacker signs into their own account and stops at the callback's redirect: a code in hand.
    const attacker = await roundTrip(t, new ProviderBrowser(), 'acme', 'alice');
    expect(attacker.web.cookie).toBe(attacker.started.cookie);
    // The victim's browser opens the link: without the cookie, or with a cookie of its own.
    await exchange(t, attacker.web, null).expect(400, {
      errors: { code: ['is invalid or expired'] },
    });
    const victim = await startSignIn(t, 'acme');
    await exchange(t, attacker.web, victim.cookie).expect(400);
    // The browser that signed in still can, once; the answer clears its cookie.
    const response = await exchange(t, attacker.web).expect(200);
    expect(String(response.headers['set-cookie'])).toMatch(/^folio_oauth=;.*Max-Age=0/);
    await exchange(t, attacker.web).expect(400);
  });

  it('sends the browser back to the path it started from', async () => {
    const started = await startSignIn(t, 'acme', '/settings');
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'alice', started);
    expect(web.searchParams.get('next')).toBe('/settings');
    // Another site is never a return path.
    const elsewhere = await startSignIn(t, 'acme', '//evil.example/x');
    const back = await roundTrip(t, new ProviderBrowser(), 'acme', 'alice', elsewhere);
    expect(back.web.searchParams.get('next')).toBe('/');
  });

  it('sends the web app access_denied when the user cancels at the provider', async () => {
    const started = await startSignIn(t, 'acme');
    const callbackUrl = await new ProviderBrowser().cancelAt(started.providerUrl);
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const web = await followCallback(t, callbackUrl, started.cookie);
    expect(web.searchParams.get('error')).toBe('access_denied');
    expect(web.searchParams.has('code')).toBe(false);
  });

  it('logs a refusal with its reason, and never a code, token or secret', async () => {
    const started = await startSignIn(t, 'forged');
    const callbackUrl = await new ProviderBrowser().signInAt(started.providerUrl, 'ivy');
    const providerCode = new URL(callbackUrl).searchParams.get('code') as string;
    const web = await followCallback(t, callbackUrl, started.cookie);
    expect(web.searchParams.get('error')).toBe('provider_error');
    const { web: signedIn } = await roundTrip(t, new ProviderBrowser(), 'acme', 'alice');
    const exchangeCode = signedIn.searchParams.get('code') as string;
    const token = ((await exchange(t, signedIn).expect(200)).body as { user: { token: string } })
      .user.token;
    const refusal = logs
      .entries()
      .find((entry) => entry.msg === 'sign-in refused' && entry.provider === 'forged');
    expect(refusal).toMatchObject({ error: 'provider_error', reason: expect.any(String) });
    const text = logs.lines.join('\n');
    for (const secret of [providerCode, exchangeCode, token, started.cookie.split('=')[1]]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toContain(`secret-forged-${suffix}`);
  });

  it('refuses a wrong state', async () => {
    const started = await startSignIn(t, 'acme');
    const callbackUrl = await new ProviderBrowser().signInAt(started.providerUrl, 'henry');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', randomBytes(32).toString('base64url'));
    const web = await followCallback(t, tampered.href, started.cookie);
    expect(web.searchParams.get('error')).toBe('invalid_state');
    expect(web.searchParams.has('code')).toBe(false);
    await expect(userIdByEmail(t, emailOf('henry'))).resolves.toBeUndefined();
  });

  it('refuses a callback from another browser than the one that started (no cookie, or another)', async () => {
    const started = await startSignIn(t, 'acme');
    const callbackUrl = await new ProviderBrowser().signInAt(started.providerUrl, 'henry');
    const other = await startSignIn(t, 'acme');
    const web = await followCallback(t, callbackUrl, other.cookie);
    expect(web.searchParams.get('error')).toBe('invalid_state');
    await expect(userIdByEmail(t, emailOf('henry'))).resolves.toBeUndefined();
  });

  it('refuses a replayed callback, and a replayed provider code under a new state', async () => {
    const first = await roundTrip(t, new ProviderBrowser(), 'acme', 'alice');
    expect(first.web.searchParams.has('code')).toBe(true);
    // The same callback again: its pending sign-in was used.
    const replay = await followCallback(t, first.callbackUrl, first.started.cookie);
    expect(replay.searchParams.get('error')).toBe('invalid_state');
    // The provider's code once more, under a fresh sign-in's state: the provider refuses it.
    const fresh = await startSignIn(t, 'acme');
    const replayed = new URL(first.callbackUrl);
    replayed.searchParams.set(
      'state',
      new URL(fresh.providerUrl).searchParams.get('state') as string,
    );
    const refused = await followCallback(t, replayed.href, fresh.cookie);
    expect(refused.searchParams.get('error')).toBe('provider_error');
  });

  it('refuses an ID token with another nonce than the one sent', async () => {
    const started = await startSignIn(t, 'acme');
    const url = new URL(started.providerUrl);
    url.searchParams.set('nonce', randomBytes(32).toString('base64url'));
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'ivy', {
      ...started,
      providerUrl: url.href,
    });
    expect(web.searchParams.get('error')).toBe('provider_error');
    await expect(userIdByEmail(t, emailOf('ivy'))).resolves.toBeUndefined();
  });

  it('refuses an expired ID token', async () => {
    const { web } = await roundTrip(t, new ProviderBrowser(), 'skewed', 'ivy');
    expect(web.searchParams.get('error')).toBe('provider_error');
    await expect(userIdByEmail(t, emailOf('ivy'))).resolves.toBeUndefined();
  });

  it('refuses an ID token whose signature does not verify with the provider’s keys', async () => {
    const { web } = await roundTrip(t, new ProviderBrowser(), 'forged', 'ivy');
    expect(web.searchParams.get('error')).toBe('provider_error');
    await expect(userIdByEmail(t, emailOf('ivy'))).resolves.toBeUndefined();
  });

  it('makes no account for an email the provider has not verified', async () => {
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'bob');
    expect(web.searchParams.get('error')).toBe('email_unverified');
    expect(web.searchParams.has('code')).toBe(false);
    await expect(userIdByEmail(t, emailOf('bob'))).resolves.toBeUndefined();
  });

  it('never signs into an existing account by email unless the setting allows it', async () => {
    const owner = await registerUser(t, { email: emailOf('carol') });
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'carol');
    expect(web.searchParams.get('error')).toBe('email_taken');
    await expect(identitiesOf(t, owner.id)).resolves.toEqual([]);
  });

  it('links a provider from the settings of a signed-in user, who can then sign in with it', async () => {
    const owner = await registerUser(t);
    const started = await startLink(t, owner.token, 'acme');
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'erin', started);
    expect(web.searchParams.get('next')).toBe('/settings');
    const response = await exchange(t, web).expect(200);
    expect((response.body as { user: { username: string } }).user.username).toBe(owner.username);
    await expect(identitiesOf(t, owner.id)).resolves.toEqual([
      { provider: 'acme', subject: 'erin' },
    ]);
    const listed = await t.as(owner.token).get('/api/user/identities').expect(200);
    expect(listed.body).toMatchObject({
      hasPassword: true,
      identities: [{ provider: 'acme', displayName: 'Acme ID', email: emailOf('erin') }],
    });
    expect(listed.headers['cache-control']).toMatch(/no-store/);
    // The identity is the owner's: nobody else can link it.
    const other = await registerUser(t);
    const taken = await roundTrip(
      t,
      new ProviderBrowser(),
      'acme',
      'erin',
      await startLink(t, other.token, 'acme'),
    );
    expect(taken.web.searchParams.get('error')).toBe('identity_taken');
    // Signing in with it later reaches the owner's account.
    const later = await roundTrip(t, new ProviderBrowser(), 'acme', 'erin');
    const signedIn = await exchange(t, later.web).expect(200);
    expect((signedIn.body as { user: { email: string } }).user.email).toBe(owner.email);
  });

  it('ends pending links and untraded codes when the user signs out everywhere', async () => {
    // A stolen token starts a link from Settings; the owner then signs out everywhere.
    const owner = await registerUser(t);
    const pendingLink = await startLink(t, owner.token, 'acme');
    // And a sign-in of the same account reached the web app but has not traded its code yet.
    const linked = await startLink(t, owner.token, 'github');
    github.signedIn = {
      id: 7007,
      login: 'owner-gh',
      emails: [{ email: `owner-gh-${suffix}@example.test`, primary: true, verified: true }],
    };
    await exchange(t, (await roundTrip(t, new ProviderBrowser(), 'github', '', linked)).web).expect(
      200,
    );
    const untraded = await roundTrip(t, new ProviderBrowser(), 'github', '');
    expect(untraded.web.searchParams.has('code')).toBe(true);

    await t.as(owner.token).post('/api/auth/logout-all').expect(204);

    const late = await roundTrip(t, new ProviderBrowser(), 'acme', 'dave', pendingLink);
    expect(late.web.searchParams.get('error')).toBe('invalid_state');
    expect(late.web.searchParams.has('code')).toBe(false);
    await expect(identitiesOf(t, owner.id)).resolves.toEqual([
      { provider: 'github', subject: '7007' },
    ]);
    await exchange(t, untraded.web).expect(400, { errors: { code: ['is invalid or expired'] } });
  });

  it('never unlinks the last way to sign in; a password set through the reset flow allows it', async () => {
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'frank');
    const token = ((await exchange(t, web).expect(200)).body as { user: { token: string } }).user
      .token;
    await t
      .as(token)
      .delete('/api/user/identities/acme')
      .expect(409, {
        errors: {
          identity: [
            'is your only way to sign in: set a password (forgot password) or link another provider first',
          ],
        },
      });
    await t.as(token).delete('/api/user/identities/github').expect(404);
    const id = (await userIdByEmail(t, emailOf('frank'))) as number;
    await expect(identitiesOf(t, id)).resolves.toHaveLength(1);

    // The reset flow sets a first password.
    await t
      .http()
      .post('/api/auth/forgot-password')
      .send({ email: emailOf('frank') })
      .expect(202);
    const resetToken = await oneTimeToken(t, id, 'reset-password');
    await t
      .http()
      .post('/api/auth/reset-password')
      .send({ token: resetToken, password: 'first-password-1' })
      .expect(204);
    const login = await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: emailOf('frank'), password: 'first-password-1' } })
      .expect(200);
    const fresh = (login.body as { user: { token: string } }).user.token;
    await t.as(fresh).delete('/api/user/identities/acme').expect(204);
    await expect(identitiesOf(t, id)).resolves.toEqual([]);
  });

  it('unlinks one of two providers of a user without a password', async () => {
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'dave');
    const token = ((await exchange(t, web).expect(200)).body as { user: { token: string } }).user
      .token;
    github.signedIn = {
      id: 9001,
      login: 'dave-gh',
      emails: [{ email: `dave-gh-${suffix}@example.test`, primary: true, verified: true }],
    };
    const linked = await roundTrip(
      t,
      new ProviderBrowser(),
      'github',
      '',
      await startLink(t, token, 'github'),
    );
    await exchange(t, linked.web).expect(200);
    const id = (await userIdByEmail(t, emailOf('dave'))) as number;
    await expect(identitiesOf(t, id)).resolves.toEqual([
      { provider: 'acme', subject: 'dave' },
      { provider: 'github', subject: '9001' },
    ]);
    await t.as(token).delete('/api/user/identities/acme').expect(204);
    await t.as(token).delete('/api/user/identities/github').expect(409);
  });

  it('refuses a deactivated user at the callback and at the exchange', async () => {
    const first = await roundTrip(t, new ProviderBrowser(), 'acme', 'gina');
    await exchange(t, first.web).expect(200);
    const pending = await roundTrip(t, new ProviderBrowser(), 'acme', 'gina');
    await changeAccess(t, 'UPDATE users SET is_active = false WHERE lower(email) = lower($1)', [
      emailOf('gina'),
    ]);
    // A code issued before the deactivation no longer signs in.
    await exchange(t, pending.web).expect(401);
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'gina');
    expect(web.searchParams.get('error')).toBe('account_inactive');
    expect(web.searchParams.has('code')).toBe(false);
  });

  it('signs in with GitHub’s OAuth 2.0 (no OpenID Connect), its primary verified email', async () => {
    github.signedIn = {
      id: 4242,
      login: 'octocat',
      emails: [
        { email: `old-${suffix}@example.test`, primary: false, verified: true },
        { email: `octo-${suffix}@example.test`, primary: true, verified: true },
      ],
    };
    const { web, callbackUrl } = await roundTrip(t, new ProviderBrowser(), 'github', '');
    const response = await exchange(t, web).expect(200);
    expect((response.body as { user: unknown }).user).toMatchObject({
      email: `octo-${suffix}@example.test`,
      username: expect.stringMatching(/^octocat\d*$/) as unknown,
      isVerified: true,
    });
    const id = (await userIdByEmail(t, `octo-${suffix}@example.test`)) as number;
    await expect(identitiesOf(t, id)).resolves.toEqual([{ provider: 'github', subject: '4242' }]);
    // GitHub's code once more under a fresh state: GitHub refuses it.
    const fresh = await startSignIn(t, 'github');
    const replayed = new URL(callbackUrl);
    replayed.searchParams.set(
      'state',
      new URL(fresh.providerUrl).searchParams.get('state') as string,
    );
    const refused = await followCallback(t, replayed.href, fresh.cookie);
    expect(refused.searchParams.get('error')).toBe('provider_error');
  });
});

describe('identity providers with OAUTH_LINK_BY_VERIFIED_EMAIL=true', () => {
  const t = useTestApp(linkingEnv);

  it('signs into the account with the same email when the provider says it is verified', async () => {
    const owner = await registerUser(t, { email: emailOf('carol') });
    await changeAccess(t, 'UPDATE users SET is_verified = true WHERE id = $1', [owner.id]);
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'carol');
    const response = await exchange(t, web).expect(200);
    expect((response.body as { user: { username: string } }).user.username).toBe(owner.username);
    await expect(identitiesOf(t, owner.id)).resolves.toEqual([
      { provider: 'acme', subject: 'carol' },
    ]);
  });

  it('never into an account whose owner has not verified the email: anyone may have registered it', async () => {
    // Registered with the address and a password of the registrant's choosing, never confirmed.
    const squatter = await registerUser(t, { email: emailOf('jack') });
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'jack');
    expect(web.searchParams.get('error')).toBe('email_taken');
    expect(web.searchParams.has('code')).toBe(false);
    await expect(identitiesOf(t, squatter.id)).resolves.toEqual([]);
  });

  it('never by an email the provider has not verified', async () => {
    const owner = await registerUser(t, { email: emailOf('bob') });
    await changeAccess(t, 'UPDATE users SET is_verified = true WHERE id = $1', [owner.id]);
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'bob');
    expect(web.searchParams.get('error')).toBe('email_unverified');
    await expect(identitiesOf(t, owner.id)).resolves.toEqual([]);
  });
});

describe('identity providers with SIGNUPS=invitation', () => {
  const t = useTestApp(invitationEnv);

  it('makes no new account, and says why; an account an administrator made still signs in', async () => {
    const { web } = await roundTrip(t, new ProviderBrowser(), 'acme', 'dave');
    expect(web.searchParams.get('error')).toBe('signups_closed');
    expect(web.searchParams.has('code')).toBe(false);
    await expect(userIdByEmail(t, emailOf('dave'))).resolves.toBeUndefined();

    // Invited, and the address proven (the invitation's link): the provider's sign-in finds it.
    await t.dataSource.query(
      `INSERT INTO users (email, username, password_hash, is_verified) VALUES ($1, 'dave', NULL, true)`,
      [emailOf('dave')],
    );
    const again = await roundTrip(t, new ProviderBrowser(), 'acme', 'dave');
    const response = await exchange(t, again.web).expect(200);
    expect((response.body as { user: { username: string } }).user.username).toBe('dave');
  });
});
