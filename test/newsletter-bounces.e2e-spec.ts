import { makeSuperuser, registerUser, RegisteredUser } from './support/auth-factory';
import { useMailingApp } from './support/mailing-app';
import { subscribeConfirmed } from './support/newsletter-reader';
import { createArticle } from './support/posts-factory';
import { TestApp } from './support/test-app';
import { mailHeader, TestSmtpServer } from './support/test-smtp-server';
import { waitFor } from './support/wait-for';

interface FailedJob {
  queue: string;
  tries: number;
  error: string | null;
}

interface SubscriberRow {
  email: string;
  status: string;
  bouncedAt: string | null;
}

const NO_SUCH_USER = {
  code: 550,
  message: '5.1.1 <mailbox>: Recipient address rejected: no such user',
};
const TRY_LATER = { code: 451, message: '4.2.0 Mailbox busy, try again later' };

/**
 * The receiving server's answer to RCPT TO, from a real SMTP server: a refusal for good (5xx) is not
 * retried, and a subscriber refused so is `bounced` and mailed nothing more; a refusal for now (4xx)
 * is retried and changes nothing.
 */
describe('newsletter bounces: a mailbox refused for good', () => {
  const mailing = useMailingApp({
    APP_URL: 'https://blog.example.test',
    JOBS_POLL_INTERVAL_SECONDS: '1',
  });
  let t: TestApp;
  let smtp: TestSmtpServer;
  let writer: RegisteredUser;
  let admin: RegisteredUser;
  const stamp = Date.now();
  const good = `good.${stamp}@example.test`;
  const gone = `gone.${stamp}@example.test`;
  const busy = `busy.${stamp}@example.test`;

  beforeAll(async () => {
    [t, smtp] = [mailing.app(), mailing.smtp()];
    writer = await registerUser(t);
    admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    for (const email of [good, gone, busy]) await subscribeConfirmed(t, smtp, email);
  });

  const subscriber = async (email: string): Promise<SubscriberRow> => {
    const { body } = await t
      .as(admin.token)
      .get(`/api/admin/subscribers?q=${encodeURIComponent(email)}`)
      .expect(200);
    return (body as { subscribers: SubscriberRow[] }).subscribers[0];
  };
  const failedJobs = async (queue: string): Promise<FailedJob[]> =>
    (
      (await t.as(admin.token).get(`/api/admin/jobs/failed?queue=${queue}`).expect(200)).body as {
        jobs: FailedJob[];
      }
    ).jobs;
  const subjectsTo = (email: string) =>
    smtp.mailsTo(email).map((mail) => mailHeader(mail, 'Subject'));

  it('a 550 marks the subscriber bounced after one try, a 451 is retried and leaves it active; a bounced address is mailed nothing more', async () => {
    // Each was offered its confirmation mail, and took it.
    const confirmations = smtp.timesAsked(gone);
    smtp.refuse(gone, NO_SUCH_USER);
    smtp.refuse(busy, TRY_LATER);
    const first = await createArticle(t, writer.token, { title: 'First after the refusals' });
    await smtp.waitForMail(good, (mail) => mailHeader(mail, 'Subject') === first.title, 15_000);

    await waitFor('the refused subscriber to be bounced', async () => {
      return (await subscriber(gone)).status === 'bounced';
    });
    expect(await subscriber(gone)).toMatchObject({
      status: 'bounced',
      bouncedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    // Failed for good at its first try, with the server's words (and no address) as its error.
    const [refused] = await failedJobs('newsletter-mail');
    expect(refused).toMatchObject({ tries: 1 });
    expect(refused.error).toContain('550');
    expect(refused.error).not.toContain(gone);
    expect(smtp.timesAsked(gone)).toBe(confirmations + 1);
    // Refused for now: the mail waits for its retry, the subscriber stays.
    await waitFor('the busy mailbox to be asked', () => smtp.timesAsked(busy) >= 1);
    expect((await subscriber(busy)).status).toBe('active');
    expect((await failedJobs('newsletter-mail')).length).toBe(1);
    const { body } = await t.as(admin.token).get('/api/admin/subscribers').expect(200);
    expect(body.counts).toMatchObject({ bounced: 1, active: 2 });

    // The next article: offered to the good and busy mailboxes, not to the bounced one.
    const asked = smtp.timesAsked(busy);
    const second = await createArticle(t, writer.token, { title: 'Second after the refusals' });
    await smtp.waitForMail(good, (mail) => mailHeader(mail, 'Subject') === second.title, 15_000);
    await waitFor('the busy mailbox to be offered the second', () => smtp.timesAsked(busy) > asked);
    expect(smtp.timesAsked(gone)).toBe(confirmations + 1);
    expect(subjectsTo(gone)).toEqual([expect.stringMatching(/Confirm/)]);
  });

  it('a bounced address that subscribes and confirms again is active again', async () => {
    await waitFor('bounced', async () => (await subscriber(gone)).status === 'bounced');
    smtp.refuse(gone, null);
    await subscribeConfirmed(t, smtp, gone);
    expect(await subscriber(gone)).toMatchObject({ status: 'active', bouncedAt: null });
    const third = await createArticle(t, writer.token, { title: 'Third, for everyone' });
    await smtp.waitForMail(gone, (mail) => mailHeader(mail, 'Subject') === third.title, 15_000);
  });

  it("an account's mail refused for good (a password reset) is tried once, not retried", async () => {
    const user = await registerUser(t);
    smtp.refuse(user.email, NO_SUCH_USER);
    const before = (await failedJobs('mail')).length;
    await t.http().post('/api/auth/forgot-password').send({ email: user.email }).expect(202);
    await waitFor('the reset mail to fail for good', async () => {
      return (await failedJobs('mail')).length > before;
    });
    const [failed] = await failedJobs('mail');
    expect(failed).toMatchObject({ tries: 1 });
    expect(failed.error).toContain('550');
    // The registration's verification mail was taken; the reset was offered once.
    expect(smtp.timesAsked(user.email)).toBe(2);
  });
});
