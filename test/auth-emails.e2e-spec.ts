import { createHash } from 'node:crypto';
import { PasswordHasher } from '../src/modules/accounts/password-hasher';
import { changeAccess, makeSuperuser, registerUser } from './support/auth-factory';
import { useMailingApp } from './support/mailing-app';
import { TestApp } from './support/test-app';
import { mailHeader, TestSmtpServer, tokenFromMail } from './support/test-smtp-server';

const APP_URL = 'https://folio.example.test';

describe('email verification and password reset, over real SMTP', () => {
  const mailing = useMailingApp({ APP_URL, MAIL_FROM: 'Folio <mailer@folio.example.test>' });
  let t: TestApp;
  let smtp: TestSmtpServer;
  beforeAll(() => {
    [t, smtp] = [mailing.app(), mailing.smtp()];
  });

  const resetPassword = (token: string, password: string) =>
    t.http().post('/api/auth/reset-password').send({ token, password });
  const login = (email: string, password: string) =>
    t.http().post('/api/users/login').send({ user: { email, password } });

  it('registration mails a verification link (text and HTML) whose token verifies once', async () => {
    const user = await registerUser(t);
    const mail = await smtp.waitForMail(user.email);
    expect(mail.raw).toMatch(/^From: Folio <mailer@folio\.example\.test>/m);
    expect(mail.raw).toMatch(/^Subject: Confirm your email address/m);
    expect(mail.raw).toContain('Content-Type: text/plain');
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(mail.decoded).toContain(`${APP_URL}/verify-email?token=`);
    const token = tokenFromMail(mail, 'verify-email');
    await t.http().post('/api/auth/verify').send({ token }).expect(204);
    const [row] = await t.dataSource.query('SELECT is_verified FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row.is_verified).toBe(true);
    const again = await t.http().post('/api/auth/verify').send({ token }).expect(400);
    expect(again.body).toEqual({ errors: { token: ['is invalid or expired'] } });
    // Tokens are stored hashed only.
    const stored = await t.dataSource.query('SELECT token_hash FROM one_time_tokens');
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('verify/request answers 202 for unknown, verified and unverified emails; mails only the last', async () => {
    const verified = await registerUser(t);
    await changeAccess(t, 'UPDATE users SET is_verified = true WHERE id = $1', [verified.id]);
    const unverified = await registerUser(t);
    await smtp.waitForMail(unverified.email);
    const before = smtp.mails.length;
    for (const email of ['nobody@example.test', verified.email, unverified.email.toUpperCase()]) {
      await t.http().post('/api/auth/verify/request').send({ email }).expect(202);
    }
    await smtp.waitForMail(unverified.email, (m) => smtp.mails.indexOf(m) >= before);
    // Mail goes out in order; give a stray one a moment to show up before asserting none came.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails.slice(before).map((m) => m.to)).toEqual([[unverified.email.toLowerCase()]]);
    await t.http().post('/api/auth/verify').send({ token: 'made-up' }).expect(400);
    await t.http().post('/api/auth/verify/request').send({ email: '' }).expect(422);
  });

  it('forgot/reset: 202 for unknown emails; the token resets once and signs out everywhere', async () => {
    await t
      .http()
      .post('/api/auth/forgot-password')
      .send({ email: 'ghost@example.test' })
      .expect(202);
    const user = await registerUser(t);
    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    const mail = await smtp.waitForMail(user.email, (m) =>
      /Subject: Reset your password/.test(m.raw),
    );
    expect(smtp.mailsTo('ghost@example.test')).toEqual([]);
    const token = tokenFromMail(mail, 'reset-password');
    await resetPassword(token, 'short').expect(422);
    await resetPassword(token, 'brand-new-password').expect(204);
    await t.as(user.token).get('/api/user').expect(401);
    await login(user.email, user.password).expect(401);
    await login(user.email, 'brand-new-password').expect(200);
    const reused = await resetPassword(token, 'another-password').expect(400);
    expect(reused.body).toEqual({ errors: { token: ['is invalid or expired'] } });
  });

  it('an expired reset token and a verification token do not reset a password', async () => {
    const user = await registerUser(t);
    const verifyToken = tokenFromMail(await smtp.waitForMail(user.email), 'verify-email');
    await resetPassword(verifyToken, 'password-xyz').expect(400);
    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    const mail = await smtp.waitForMail(user.email, (m) =>
      /reset-password\?token=/.test(m.decoded),
    );
    await t.dataSource.query(
      `UPDATE one_time_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'reset-password' AND user_id = $1`,
      [user.id],
    );
    await resetPassword(tokenFromMail(mail, 'reset-password'), 'password-xyz').expect(400);
  });

  it('a made-up reset token is refused before any password is hashed', async () => {
    const hasher = t.app.get(PasswordHasher);
    const hash = jest.spyOn(hasher, 'hash');
    try {
      await resetPassword('made-up-token-of-someone-flooding', 'password-xyz').expect(400, {
        errors: { token: ['is invalid or expired'] },
      });
      expect(hash).not.toHaveBeenCalled();
    } finally {
      hash.mockRestore();
    }
  });

  it('the mail carries neither the password nor its hash, and its token is stored only hashed', async () => {
    const user = await registerUser(t);
    const mail = await smtp.waitForMail(user.email);
    expect(mail.raw).not.toContain(user.password);
    expect(mail.raw).not.toContain('$argon2');
    const token = tokenFromMail(mail, 'verify-email');
    const count = async (value: string) =>
      (
        await t.dataSource.query<{ n: number }[]>(
          'SELECT count(*)::int AS n FROM one_time_tokens WHERE token_hash = $1',
          [value],
        )
      )[0].n;
    expect(await count(token)).toBe(0);
    expect(await count(createHash('sha256').update(token).digest('hex'))).toBe(1);
  });

  const resetMail = (email: string) =>
    smtp.waitForMail(email, (m) => /reset-password\?token=/.test(m.decoded));

  it('a reset link mailed before an email change no longer resets the password', async () => {
    const user = await registerUser(t);
    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    const token = tokenFromMail(await resetMail(user.email), 'reset-password');
    const newEmail = `moved_${user.email}`;
    await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { email: newEmail } })
      .expect(200);
    const reset = await resetPassword(token, 'taken-over-password').expect(400);
    expect(reset.body).toEqual({ errors: { token: ['is invalid or expired'] } });
    await login(newEmail, 'taken-over-password').expect(401);
    await login(newEmail, user.password).expect(200);
  });

  it('a password change spends the reset links mailed before it, not the verification link', async () => {
    const user = await registerUser(t);
    const verifyToken = tokenFromMail(await smtp.waitForMail(user.email), 'verify-email');
    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    const resetToken = tokenFromMail(await resetMail(user.email), 'reset-password');
    await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { password: 'changed-password-1' } })
      .expect(200);
    await resetPassword(resetToken, 'taken-over-password').expect(400);
    await login(user.email, 'taken-over-password').expect(401);
    await login(user.email, 'changed-password-1').expect(200);
    // The link vouches for the address, which has not changed.
    await t.http().post('/api/auth/verify').send({ token: verifyToken }).expect(204);
    const [row] = await t.dataSource.query('SELECT is_verified FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row.is_verified).toBe(true);
  });

  it('a reset through the mailed link verifies the address and spends the verification link', async () => {
    const user = await registerUser(t);
    const verifyToken = tokenFromMail(await smtp.waitForMail(user.email), 'verify-email');
    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    await resetPassword(
      tokenFromMail(await resetMail(user.email), 'reset-password'),
      'reset-pw-1',
    ).expect(204);
    const signedIn = await login(user.email, 'reset-pw-1').expect(200);
    expect((signedIn.body as { user: { isVerified: boolean } }).user.isVerified).toBe(true);
    await t.http().post('/api/auth/verify').send({ token: verifyToken }).expect(400);
  });

  it('a deactivated account’s verification link is refused like an invalid one', async () => {
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    const user = await registerUser(t);
    const token = tokenFromMail(await smtp.waitForMail(user.email), 'verify-email');
    await t
      .as(admin.token)
      .patch(`/api/admin/users/${user.id}`)
      .send({ user: { isActive: false } })
      .expect(200);
    const verify = await t.http().post('/api/auth/verify').send({ token }).expect(400);
    expect(verify.body).toEqual({ errors: { token: ['is invalid or expired'] } });
    const [row] = await t.dataSource.query('SELECT is_verified FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row.is_verified).toBe(false);
  });
});

describe("account mails name the blog, in the blog's language", () => {
  // No MAIL_FROM: the sender is the blog, by its name.
  const mailing = useMailingApp({ APP_URL, SITE_TITLE: 'Мой "Блог" & Co', SITE_LANGUAGE: 'ru-RU' });
  let t: TestApp;
  let smtp: TestSmtpServer;
  beforeAll(() => {
    [t, smtp] = [mailing.app(), mailing.smtp()];
  });

  it('sends the verification and the reset mail from the blog, saying its name', async () => {
    const user = await registerUser(t);
    const verification = await smtp.waitForMail(user.email);
    expect(mailHeader(verification, 'From')).toBe('Мой "Блог" & Co <no-reply@folio.localhost>');
    expect(mailHeader(verification, 'Subject')).toBe(
      'Подтвердите адрес почты на сайте «Мой "Блог" & Co»',
    );
    expect(verification.decoded).toContain('Подтвердить адрес');
    // The HTML part escapes the name.
    expect(verification.decoded).toContain('«Мой &quot;Блог&quot; &amp; Co»');
    const token = tokenFromMail(verification, 'verify-email');
    await t.http().post('/api/auth/verify').send({ token }).expect(204);

    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    const reset = await smtp.waitForMail(user.email, (mail) =>
      /reset-password\?token=/.test(mail.decoded),
    );
    expect(mailHeader(reset, 'Subject')).toBe('Сброс пароля на сайте «Мой "Блог" & Co»');
  });
});
