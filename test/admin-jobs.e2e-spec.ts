import { testPort } from './support/test-port';
import { registerUser, useRegisteredUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';
import { TestSmtpServer } from './support/test-smtp-server';

interface FailedJob {
  id: string;
  queue: string;
  tries: number;
  error: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds (or 15 s pass) and returns the last value. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let i = 0; i < 150 && !done(value); i++) {
    await sleep(100);
    value = await read();
  }
  return value;
}

/**
 * The job queues as a superuser runs them, with mail as the example: an SMTP server that is down never
 * stops a sign-up; the mail's job fails, is kept with its error (never its data: it holds a link), is
 * counted by the admin API and readiness, and once SMTP is back one more try sends it.
 */
describe('job queue administration (/api/admin/jobs)', () => {
  // Reserved before the app is built (this hook is registered, so runs, before useTestApp's).
  let smtpPort = 0;
  beforeAll(async () => {
    smtpPort = await testPort();
  });
  const t: TestApp = useTestApp({
    ...FAST_AUTH_ENV,
    get SMTP_URL() {
      return `smtp://127.0.0.1:${smtpPort}`;
    },
    MAIL_MAX_ATTEMPTS: '1',
    JOBS_MONITOR_INTERVAL_SECONDS: '1',
  });
  const admin = useRegisteredUser(t, { superuser: true });

  const failedMails = async () =>
    (await t.as(admin.token).get('/api/admin/jobs/failed?queue=mail').expect(200)).body
      .jobs as FailedJob[];

  // Four waits on job ticks and two on SMTP: a loaded CI machine once took over 60 s for them.
  it('a mail that SMTP refused is a failed job with its error; one more try sends it once SMTP is up', async () => {
    const user = await registerUser(t);
    // The superuser's own verification mail failed too, before this user's.
    const failed = await until(failedMails, (jobs) => jobs.length === 2);
    expect(failed).toEqual([
      expect.objectContaining({
        queue: 'mail',
        tries: 1,
        error: expect.stringContaining('ECONNREFUSED'),
      }),
      expect.objectContaining({
        queue: 'mail',
        tries: 1,
        error: expect.stringContaining('ECONNREFUSED'),
      }),
    ]);
    expect(JSON.stringify(failed)).not.toContain(user.email);

    const queues = await until(
      async () =>
        (await t.as(admin.token).get('/api/admin/jobs').expect(200)).body.queues as {
          name: string;
          failed: number;
          active: number;
        }[],
      // The counts are read on a monitor's tick: wait for the one that has both failures.
      (list) =>
        list.some((queue) => queue.name === 'mail' && queue.failed === 2 && queue.active === 0),
    );
    expect(queues.map((queue) => queue.name)).toEqual([
      'article-publish',
      'article-publish-due',
      'article-search-trim',
      'mail',
      'media-orphan-cleanup',
      'newsletter-article',
      'newsletter-cleanup',
      'newsletter-mail',
      'webhook-delivery',
      'webhook-log-cleanup',
    ]);
    expect(queues.find((queue) => queue.name === 'mail')).toMatchObject({ failed: 2, active: 0 });
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body.jobs).toMatchObject({
      status: 'up',
      queues: expect.arrayContaining([expect.objectContaining({ name: 'mail' })]),
    });

    const smtp = await TestSmtpServer.start(smtpPort);
    try {
      for (const job of failed) {
        await t.as(admin.token).post(`/api/admin/jobs/mail/${job.id}/retry`).expect(204);
      }
      await smtp.waitForMail(user.email);
      await smtp.waitForMail(admin.email);
      await expect(until(failedMails, (jobs) => jobs.length === 0)).resolves.toEqual([]);
      await t.as(admin.token).post(`/api/admin/jobs/mail/${failed[0].id}/retry`).expect(404);
      expect(smtp.mailsTo(user.email)).toHaveLength(1);
    } finally {
      await smtp.close();
    }
  }, 120_000);

  it('refuses what names no failed job: 404 for an unknown queue or id, 422 for a bad limit', async () => {
    const missing = '00000000-0000-0000-0000-000000000000';
    await expect(
      t
        .as(admin.token)
        .post(`/api/admin/jobs/nope/${missing}/retry`)
        .expect(404)
        .then((r) => r.body as unknown),
    ).resolves.toEqual({ errors: { job: ['not found'] } });
    await t.as(admin.token).post('/api/admin/jobs/mail/not-a-uuid/retry').expect(404);
    const tooMany = await t.as(admin.token).get('/api/admin/jobs/failed?limit=1000').expect(422);
    expect(tooMany.body).toEqual({ errors: { limit: ['must be at most 100'] } });
  });
});
