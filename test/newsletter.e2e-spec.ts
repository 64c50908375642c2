import { Client } from 'pg';
import { NewsletterAudience } from '../src/modules/newsletter/newsletter-audience';
import {
  makeSuperuser,
  registerUser,
  RegisteredUser,
  useRegisteredUser,
} from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useMailingApp } from './support/mailing-app';
import { TestApp, useTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { subscribeConfirmed } from './support/newsletter-reader';
import { mailHeader, TestSmtpServer, tokenFromMail } from './support/test-smtp-server';

const APP_URL = 'https://blog.example.test';

/** Every statement the app's connections are asked to run while `work` runs. */
async function statementsWhile(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const original = Client.prototype.query as (...args: unknown[]) => unknown;
  const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function recorded(
    this: Client,
    ...args: unknown[]
  ) {
    const config = args[0] as string | { text?: string };
    sent.push(typeof config === 'string' ? config : (config.text ?? ''));
    return original.apply(this, args);
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

describe('the newsletter on a blog nobody subscribed to', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t);

  it('costs a publication no statement once every instance knows there is nobody; a first subscriber changes that at once', async () => {
    const audience = () => t.app.get(NewsletterAudience);
    // Asked by each publication: kept once the instance listens to the subscribers' channel.
    await waitFor('the kept answer: nobody', async () => {
      await audience().hasReaders();
      return audience().knownEmpty();
    });
    const quiet = await statementsWhile(() => createArticle(t, writer.token));
    // Its tables and jobs (articles.newsletter, the author's choice, is written with the article).
    expect(quiet.filter((text) => /newsletter[_-]/.test(text))).toEqual([]);

    // A subscriber confirmed by any writer (here plain SQL): the trigger's notification tells the
    // instance, and the next publication queues its mailing.
    await t.dataSource.query(
      `INSERT INTO newsletter_subscribers (email, status, unsubscribe_token)
       VALUES ('first@example.test', 'active', 'a-token-of-the-test')`,
    );
    await waitFor('the kept answer: someone', () => !audience().knownEmpty());
    await expect(audience().hasReaders()).resolves.toBe(true);
    const queued = await statementsWhile(() => createArticle(t, writer.token));
    expect(queued.join('\n')).toMatch(/newsletter-article/);
  });
});

describe("the newsletter's rate limits (on, as in production)", () => {
  const t = useTestApp({ AUTH_ARGON2_MEMORY_KIB: '8192', AUTH_ARGON2_ITERATIONS: '1' });

  it("limits subscribing an address; never a mail provider posting its users' one-click unsubscribes", async () => {
    const email = 'limited@example.test';
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await t.http().post('/api/newsletter/subscribe').send({ email })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);

    // Many readers of one provider leave at once, all posting from its servers' address.
    const tokens = Array.from({ length: 40 }, (_, i) => `provider-user-${i}-token`);
    await t.dataSource.query(
      `INSERT INTO newsletter_subscribers (email, status, unsubscribe_token)
       SELECT 'reader' || i || '@mail.example.test', 'active', t
         FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i)`,
      [tokens],
    );
    for (const token of tokens) {
      await t
        .http()
        .post(`/api/newsletter/one-click?token=${token}`)
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(200);
    }
  });
});

describe('the newsletter, over real SMTP', () => {
  const mailing = useMailingApp({
    APP_URL,
    SITE_TITLE: 'The Test Blog',
    JOBS_POLL_INTERVAL_SECONDS: '1',
  });
  let t: TestApp;
  let smtp: TestSmtpServer;
  let writer: RegisteredUser;
  let admin: RegisteredUser;

  beforeAll(async () => {
    [t, smtp] = [mailing.app(), mailing.smtp()];
    writer = await registerUser(t);
    admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
  });

  let counter = 0;
  const newAddress = () => `reader${++counter}.${Date.now()}@example.test`;
  const subscribe = (email: string) => t.http().post('/api/newsletter/subscribe').send({ email });
  /** Subscribes `email` and follows the confirmation link; returns the confirmation mail. */
  const subscribed = (email: string) => subscribeConfirmed(t, smtp, email);
  const articleMailTo = (email: string, title: string) =>
    smtp.waitForMail(email, (m) => mailHeader(m, 'Subject') === title, 10_000);
  /** Waits for `title`'s mail to `expected`, then gives strays a moment: none may reach `others`. */
  async function mailedOnlyTo(title: string, expected: string, others: string[]): Promise<void> {
    await articleMailTo(expected, title);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const other of others) {
      expect(smtp.mailsTo(other).filter((m) => mailHeader(m, 'Subject') === title)).toEqual([]);
    }
  }

  it('subscribing mails a link to confirm (double opt-in); the address is active once it is followed', async () => {
    const email = newAddress();
    await subscribe(email).expect(202);
    const mail = await smtp.waitForMail(email);
    expect(mailHeader(mail, 'Subject')).toBe('Confirm your subscription to The Test Blog');
    expect(mail.decoded).toContain(`${APP_URL}/newsletter/confirm?token=`);
    const token = tokenFromMail(mail, 'newsletter/confirm');
    // Only the token's hash is stored.
    const [row] = await t.dataSource.query(
      'SELECT status, confirm_token_hash FROM newsletter_subscribers WHERE email = $1',
      [email],
    );
    expect(row.status).toBe('pending');
    expect(JSON.stringify(row)).not.toContain(token);

    const confirmed = await t.http().post('/api/newsletter/confirm').send({ token }).expect(200);
    expect(confirmed.body).toEqual({ subscription: { email, status: 'active' } });
    // A second click on the link says the same.
    await t.http().post('/api/newsletter/confirm').send({ token }).expect(200);

    // Subscribing again, in another case: the same address, already active, is mailed nothing.
    const before = smtp.mailsTo(email).length;
    await subscribe(email.toUpperCase()).expect(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mailsTo(email)).toHaveLength(before);
    const rows = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM newsletter_subscribers WHERE lower(email) = lower($1)',
      [email],
    );
    expect(rows[0].n).toBe(1);
  });

  it('a new link replaces the earlier one; an unknown or spent link is a 400; bad input is a 422', async () => {
    const email = newAddress();
    await subscribe(email).expect(202);
    const first = tokenFromMail(await smtp.waitForMail(email), 'newsletter/confirm');
    await subscribe(email).expect(202);
    const second = tokenFromMail(
      await smtp.waitForMail(email, (m) => !m.decoded.includes(first)),
      'newsletter/confirm',
    );
    const dead = await t.http().post('/api/newsletter/confirm').send({ token: first }).expect(400);
    expect(dead.body).toEqual({ errors: { token: ['is invalid or expired'] } });
    await t.http().post('/api/newsletter/confirm').send({ token: second }).expect(200);

    for (const token of ['made-up', 'x'.repeat(43)]) {
      for (const route of ['confirm', 'unsubscribe', 'resubscribe']) {
        await t.http().post(`/api/newsletter/${route}`).send({ token }).expect(400);
      }
    }
    const invalid = await subscribe('not an address').expect(422);
    expect(invalid.body).toEqual({ errors: { email: ['is invalid'] } });
    const blank = await t.http().post('/api/newsletter/subscribe').send({}).expect(422);
    expect(blank.body.errors.email).toBeDefined();
    const notText = await t.http().post('/api/newsletter/confirm').send({ token: 42 }).expect(422);
    expect(notText.body.errors.token).toBeDefined();
    // A form body is for the one-click route only.
    await t
      .http()
      .post('/api/newsletter/subscribe')
      .type('form')
      .send({ email: newAddress() })
      .expect(415);
  });

  it('a published article is mailed whole to the active subscribers only, with a one-click way out', async () => {
    const active = newAddress();
    await subscribed(active);
    const pending = newAddress();
    await subscribe(pending).expect(202);

    const article = await createArticle(t, writer.token, {
      title: 'Spring in the garden',
      description: 'What grows first',
      body: 'The **crocus** comes first. ![A crocus](/media/crocus.jpg)',
    });
    await mailedOnlyTo(article.title, active, [pending]);
    const mail = await articleMailTo(active, article.title);
    const url = `${APP_URL}/article/${article.slug}`;
    expect(mail.decoded).toContain(`href="${url}"`);
    expect(mail.decoded).toContain('<strong>crocus</strong>');
    // Relative URLs of the body are absolute in a mail.
    expect(mail.decoded).toContain(`src="${APP_URL}/media/crocus.jpg"`);
    expect(mail.decoded).toContain('What grows first');
    expect(mail.raw).toContain('Content-Type: text/plain');
    // The text part: the words, each link and image written out whole after them.
    expect(mail.decoded).toContain(`A crocus [${APP_URL}/media/crocus.jpg]`);
    // RFC 2369 and RFC 8058: the mail client's unsubscribe button, without opening a page.
    expect(mailHeader(mail, 'List-Unsubscribe')).toMatch(
      new RegExp(`^<${APP_URL}/api/newsletter/one-click\\?token=[A-Za-z0-9_-]+>$`),
    );
    expect(mailHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(mailHeader(mail, 'List-Id')).toBe('"The Test Blog" <newsletter.blog.example.test>');
    expect(mail.decoded).toContain(`${APP_URL}/newsletter/unsubscribe?token=`);
    // Noted once the SMTP server took it (just after it arrived there).
    await waitFor('the send noted', async () => {
      const sends = await t.dataSource.query<{ sent_at: Date | null }[]>(
        `SELECT s.sent_at FROM newsletter_sends s JOIN articles a ON a.id = s.article_id
           JOIN newsletter_subscribers r ON r.id = s.subscriber_id
          WHERE a.slug = $1 AND r.email = $2`,
        [article.slug, active],
      );
      return sends.length === 1 && sends[0].sent_at !== null;
    });
  });

  it('drafts, backdated articles and articles published again are not mailed (again)', async () => {
    const email = newAddress();
    await subscribed(email);
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    // An archive moved in: published with its old date.
    const backdated = await createArticle(t, writer.token, {
      title: 'From the archive',
      publishedAt: '2021-03-04T05:06:07.000Z',
    });
    // Published as a draft is: the mail goes then.
    await t
      .as(writer.token)
      .put(`/api/articles/${draft.slug}`)
      .send({ article: { status: 'published' } })
      .expect(200);
    await articleMailTo(email, draft.title);
    // Made a draft and published again: no second mail.
    for (const status of ['draft', 'published']) {
      await t
        .as(writer.token)
        .put(`/api/articles/${draft.slug}`)
        .send({ article: { status } })
        .expect(200);
    }
    // Nor published again.
    for (const status of ['draft', 'published']) {
      await t
        .as(writer.token)
        .put(`/api/articles/${backdated.slug}`)
        .send({ article: { status } })
        .expect(200);
    }
    const marker = await createArticle(t, writer.token);
    await articleMailTo(email, marker.title);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const subjects = smtp.mailsTo(email).map((m) => mailHeader(m, 'Subject'));
    expect(subjects.filter((s) => s === draft.title)).toHaveLength(1);
    expect(subjects).not.toContain(backdated.title);
  });

  it("unsubscribes by the mail client's one-click POST, and subscribes again by the same link", async () => {
    const email = newAddress();
    await subscribed(email);
    const first = await createArticle(t, writer.token);
    const mail = await articleMailTo(email, first.title);
    const oneClick = /<([^>]+)>/.exec(mailHeader(mail, 'List-Unsubscribe') ?? '')?.[1] ?? '';
    const path = oneClick.slice(APP_URL.length);
    const token = new URL(oneClick).searchParams.get('token') ?? '';

    // Opened in a browser: the site's page, which asks first.
    const page = await t.http().get(path).expect(302);
    expect(page.headers.location).toBe(`${APP_URL}/newsletter/unsubscribe?token=${token}`);
    // What Gmail and Apple Mail send (RFC 8058).
    const left = await t
      .http()
      .post(path)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect(left.body).toEqual({ subscription: { email, status: 'unsubscribed' } });

    const other = newAddress();
    await subscribed(other);
    const second = await createArticle(t, writer.token);
    await mailedOnlyTo(second.title, other, [email]);

    const back = await t.http().post('/api/newsletter/resubscribe').send({ token }).expect(200);
    expect(back.body).toEqual({ subscription: { email, status: 'active' } });
    const third = await createArticle(t, writer.token);
    await articleMailTo(email, third.title);
    // The site's unsubscribe page posts JSON.
    await t.http().post('/api/newsletter/unsubscribe').send({ token }).expect(200);
    // Subscribed again by a new confirmation: no date of leaving stays on an active address.
    await subscribed(email);
    const [row] = await t.dataSource.query(
      'SELECT status, unsubscribed_at FROM newsletter_subscribers WHERE email = $1',
      [email],
    );
    expect(row).toEqual({ status: 'active', unsubscribed_at: null });
  });

  it('administrators list, count, filter and delete subscribers; nobody else sees them', async () => {
    const kept = `Percent%Sign.${Date.now()}@example.test`;
    await subscribed(kept);
    const waiting = newAddress();
    await subscribe(waiting).expect(202);

    await t.as(writer.token).get('/api/admin/subscribers').expect(403);
    await t.http().get('/api/admin/subscribers').expect(401);

    // Moved in from another list with its old date: after the newer ones.
    await t.dataSource.query(
      `INSERT INTO newsletter_subscribers (email, status, unsubscribe_token, created_at)
       VALUES ('since-2020@example.test', 'active', 'token-of-2020', '2020-01-01')`,
    );
    const all = await t.as(admin.token).get('/api/admin/subscribers').expect(200);
    const listed = (all.body.subscribers as { email: string }[]).map((s) => s.email);
    expect(listed.indexOf('since-2020@example.test')).toBe(listed.length - 1);
    expect(all.body.subscribersCount).toBe(
      all.body.counts.pending +
        all.body.counts.active +
        all.body.counts.unsubscribed +
        all.body.counts.bounced,
    );
    expect(all.body.subscribers[0]).toEqual({
      id: expect.any(Number),
      email: waiting,
      status: 'pending',
      createdAt: expect.any(String),
      confirmedAt: null,
      unsubscribedAt: null,
      bouncedAt: null,
    });
    // No token of any kind in the list.
    expect(JSON.stringify(all.body)).not.toMatch(/token/i);

    const found = await t
      .as(admin.token)
      .get('/api/admin/subscribers')
      .query({ q: 'percent%SIGN', status: 'active' })
      .expect(200);
    const foundEmails = (found.body.subscribers as { email: string }[]).map((s) => s.email);
    expect(foundEmails).toEqual([kept]);
    expect(found.body.subscribersCount).toBe(1);
    const none = await t
      .as(admin.token)
      .get('/api/admin/subscribers')
      .query({ q: 'percent%SIGN', status: 'pending' })
      .expect(200);
    expect(none.body.subscribers).toEqual([]);
    const bad = await t
      .as(admin.token)
      .get('/api/admin/subscribers')
      .query({ status: 'gone', limit: 0 })
      .expect(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['limit', 'status']);

    const id = found.body.subscribers[0].id as number;
    await t.as(admin.token).delete(`/api/admin/subscribers/${id}`).expect(204);
    await t.as(admin.token).delete(`/api/admin/subscribers/${id}`).expect(404);
    await t.as(writer.token).delete(`/api/admin/subscribers/${id}`).expect(403);
  });
});
