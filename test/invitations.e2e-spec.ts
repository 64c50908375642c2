import { useMailingApp } from './support/mailing-app';
import { TestApp } from './support/test-app';
import { mailHeader, TestSmtpServer, tokenFromMail } from './support/test-smtp-server';

const APP_URL = 'https://team.example.test';
const ADMIN = { email: 'owner@team.example.test', password: 'owner-password-1' };

/**
 * SIGNUPS=invitation, as a team's blog runs: nobody registers; the first administrator comes from
 * FIRST_SUPERUSER_*, and invites each person with their role; the mailed link (over a real SMTP server)
 * lets them choose their password.
 */
describe('sign-ups by invitation', () => {
  const mailing = useMailingApp({
    APP_URL,
    SITE_TITLE: 'Team Notes',
    SIGNUPS: 'invitation',
    FIRST_SUPERUSER_EMAIL: ADMIN.email,
    FIRST_SUPERUSER_USERNAME: 'owner',
    FIRST_SUPERUSER_PASSWORD: ADMIN.password,
  });
  let t: TestApp;
  let smtp: TestSmtpServer;
  let adminToken: string;

  beforeAll(async () => {
    [t, smtp] = [mailing.app(), mailing.smtp()];
    const signedIn = await login(ADMIN.email, ADMIN.password).expect(200);
    adminToken = signedIn.body.user.token;
  });

  const invite = (user: Record<string, unknown>) =>
    t.as(adminToken).post('/api/admin/users').send({ user });
  const choosePassword = (token: string, password: string) =>
    t.http().post('/api/auth/reset-password').send({ token, password });
  function login(email: string, password: string) {
    return t.http().post('/api/users/login').send({ user: { email, password } });
  }
  const invitationsTo = (email: string) =>
    smtp.mailsTo(email).filter((mail) => /You are invited/.test(mailHeader(mail, 'Subject') ?? ''));

  it('refuses registration, as a Conduit client sends it, with 403 in the API shape', async () => {
    const response = await t
      .http()
      .post('/api/users')
      .set('Content-Type', 'application/json')
      .send({
        user: { username: 'stranger', email: 'stranger@example.test', password: 'password-1234' },
      })
      .expect(403);
    expect(response.body).toEqual({
      errors: { user: ['sign-ups are by invitation: ask an administrator'] },
    });
    const site = await t.http().get('/api/site').expect(200);
    expect(site.body.site.signups).toBe('invitation');
    const [{ count }] = await t.dataSource.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM users WHERE email = 'stranger@example.test'`,
    );
    expect(count).toBe(0);
  });

  it('an invited writer gets the role, a mailed link to choose a password, and signs in with it', async () => {
    // Pasted from an address book, spaces and all.
    const created = await invite({ email: '  Wendy.Writer@team.example.test ', role: 'author' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      email: 'Wendy.Writer@team.example.test',
      username: 'Wendy.Writer',
      role: 'author',
      isActive: true,
      isVerified: false,
      hasPassword: false,
    });
    // No password yet: nothing signs in.
    await login('wendy.writer@team.example.test', '').expect(422);
    await login('wendy.writer@team.example.test', 'any-password-1').expect(401);

    const mail = await smtp.waitForMail('wendy.writer@team.example.test');
    expect(mailHeader(mail, 'Subject')).toBe('You are invited to Team Notes');
    expect(mail.decoded).toContain(`${APP_URL}/reset-password?token=`);
    expect(mail.decoded).toContain('&welcome=1');
    expect(mail.decoded).toContain('expires in 7 days');
    // The person knows what they were invited as.
    expect(mail.decoded).toContain('named Wendy.Writer, as an author.');
    const token = tokenFromMail(mail, 'reset-password');

    await choosePassword(token, 'wendys-own-password').expect(204);
    const signedIn = await login('wendy.writer@team.example.test', 'wendys-own-password').expect(
      200,
    );
    expect(signedIn.body.user).toMatchObject({ role: 'author', isVerified: true });
    // The link works once.
    await choosePassword(token, 'another-password-1').expect(400);
    // An author publishes.
    await t
      .as(signedIn.body.user.token)
      .post('/api/articles')
      .send({ article: { title: 'Hello team', description: 'd', body: 'b' } })
      .expect(201);

    const listed = await t.as(adminToken).get('/api/admin/users?email=wendy.writer').expect(200);
    expect(listed.body.users[0]).toMatchObject({ hasPassword: true, isVerified: true });
  });

  it('sending the invitation again retires the first link; once a password is chosen, 409', async () => {
    const created = await invite({
      email: 'eddie@team.example.test',
      username: 'eddie',
      role: 'editor',
    });
    expect(created.status).toBe(201);
    const first = tokenFromMail(
      await smtp.waitForMail('eddie@team.example.test'),
      'reset-password',
    );
    const id = created.body.user.id as number;

    await t.as(adminToken).post(`/api/admin/users/${id}/invitation`).expect(200);
    const mails = invitationsTo('eddie@team.example.test');
    await smtp.waitForMail('eddie@team.example.test', (mail) => !mails.slice(0, 1).includes(mail));
    const second = tokenFromMail(invitationsTo('eddie@team.example.test')[1], 'reset-password');
    expect(second).not.toBe(first);

    await choosePassword(first, 'eddies-password-1').expect(400);
    await choosePassword(second, 'eddies-password-1').expect(204);
    await login('eddie@team.example.test', 'eddies-password-1').expect(200);
    const again = await t.as(adminToken).post(`/api/admin/users/${id}/invitation`).expect(409);
    expect(again.body).toEqual({ errors: { user: ['has chosen a password already'] } });
    await t.as(adminToken).post('/api/admin/users/987654/invitation').expect(404);
  });

  it('refuses a taken address or username (409) and bad input (422), creating nothing', async () => {
    const taken = await invite({ email: ADMIN.email.toUpperCase() });
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ errors: { email: ['has already been taken'] } });
    const takenName = await invite({ email: 'new@team.example.test', username: 'owner' });
    expect(takenName.status).toBe(409);
    expect(takenName.body).toEqual({ errors: { username: ['has already been taken'] } });
    const invalid = await invite({ email: 'not-an-address', role: 'king' });
    expect(invalid.status).toBe(422);
    expect(Object.keys(invalid.body.errors).sort()).toEqual(['email', 'role']);
    expect(smtp.mailsTo('new@team.example.test')).toEqual([]);
  });

  it('a forgotten-password link does not outlive a password chosen from the invitation', async () => {
    await invite({ email: 'rita@team.example.test', role: null }).expect(201);
    const invitation = tokenFromMail(
      await smtp.waitForMail('rita@team.example.test'),
      'reset-password',
    );
    await t.http().post('/api/auth/forgot-password').send({ email: 'rita@team.example.test' });
    const reset = await smtp.waitForMail('rita@team.example.test', (mail) =>
      /Reset your password/.test(mailHeader(mail, 'Subject') ?? ''),
    );
    await choosePassword(invitation, 'ritas-password-1').expect(204);
    await choosePassword(tokenFromMail(reset, 'reset-password'), 'someone-elses-1').expect(400);
    await login('rita@team.example.test', 'ritas-password-1').expect(200);
  });
});
