import { registerUser, RegisteredUser } from './support/auth-factory';
import { useMailingApp } from './support/mailing-app';
import { subscribeConfirmed } from './support/newsletter-reader';
import { createArticle } from './support/posts-factory';
import { TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';
import { mailHeader, TestSmtpServer } from './support/test-smtp-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('publishing without mailing the newsletter (Ghost\'s "Publish only")', () => {
  const mailing = useMailingApp({
    APP_URL: 'https://blog.example.test',
    JOBS_POLL_INTERVAL_SECONDS: '1',
  });
  let t: TestApp;
  let smtp: TestSmtpServer;
  let writer: RegisteredUser;
  const reader = `reader.${Date.now()}@example.test`;

  beforeAll(async () => {
    [t, smtp] = [mailing.app(), mailing.smtp()];
    writer = await registerUser(t);
    await subscribeConfirmed(t, smtp, reader);
  });

  const subjects = () => smtp.mailsTo(reader).map((mail) => mailHeader(mail, 'Subject'));
  /**
   * Publishes a marker article (mailed, as every article is by default) and waits for its mail: the
   * newsletter's jobs run in order of publication, so any mail of an article published before it has
   * come by then.
   */
  async function settled(): Promise<void> {
    const marker = await createArticle(t, writer.token);
    await smtp.waitForMail(reader, (mail) => mailHeader(mail, 'Subject') === marker.title, 15_000);
    await sleep(500);
  }
  const edit = (slug: string, article: object) =>
    t.as(writer.token).put(`/api/articles/${slug}`).send({ article });

  it('an article published with newsletter: false is not mailed; the answer says so, and the default is true', async () => {
    const quiet = await createArticle(t, writer.token, {
      title: 'A correction, not news',
      newsletter: false,
    });
    expect(quiet.newsletter).toBe(false);
    const mailed = await createArticle(t, writer.token, { title: 'Real news' });
    expect(mailed.newsletter).toBe(true);
    const read = await t.http().get(`/api/articles/${quiet.slug}`).expect(200);
    expect(read.body.article.newsletter).toBe(false);
    // Lists do not carry it, as they do not carry the body.
    const list = await t.http().get(`/api/articles?author=${writer.username}`).expect(200);
    expect(list.body.articles[0]).not.toHaveProperty('newsletter');

    await settled();
    expect(subjects()).toContain('Real news');
    expect(subjects()).not.toContain('A correction, not news');

    // What the author sees of each mailing (Ghost's "sent to N"): the one reader, and nobody.
    const mailing = (slug: string, token = writer.token) =>
      t.as(token).get(`/api/articles/${slug}/newsletter`);
    await waitFor('the mail noted as sent', async () => {
      const { body } = await mailing(mailed.slug).expect(200);
      return body.mailing.sent === 1;
    });
    expect((await mailing(mailed.slug)).body.mailing).toEqual({
      newsletter: true,
      recipients: 1,
      sent: 1,
      lastSentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect((await mailing(quiet.slug)).body.mailing).toEqual({
      newsletter: false,
      recipients: 0,
      sent: 0,
      lastSentAt: null,
    });
    // Only for those who may edit the article.
    const other = await registerUser(t);
    expect((await mailing(mailed.slug, other.token)).status).toBe(403);
    expect((await t.http().get(`/api/articles/${mailed.slug}/newsletter`)).status).toBe(401);
    expect((await mailing('no-such-article')).status).toBe(404);
  });

  it('the choice is read when the article is published: a draft, an edit, a schedule', async () => {
    // Drafted as "publish only", then changed back before it went out: mailed.
    const changedMind = await createArticle(t, writer.token, {
      title: 'Changed my mind',
      status: 'draft',
      newsletter: false,
    });
    const unchanged = await edit(changedMind.slug, { newsletter: true }).expect(200);
    expect(unchanged.body.article.newsletter).toBe(true);
    await edit(changedMind.slug, { status: 'published' }).expect(200);
    // A draft published with the choice in the same edit: not mailed.
    const draft = await createArticle(t, writer.token, { title: 'Quietly out', status: 'draft' });
    await edit(draft.slug, { status: 'published', newsletter: false }).expect(200);
    // Scheduled as "publish only": published by its job, not mailed.
    const scheduled = await createArticle(t, writer.token, {
      title: 'Out on its own',
      publishAt: inSeconds(2),
      newsletter: false,
    });
    expect(scheduled.status).toBe('scheduled');
    const deadline = Date.now() + 20_000;
    while ((await t.http().get(`/api/articles/${scheduled.slug}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the scheduled article was not published');
      await sleep(200);
    }

    await settled();
    expect(subjects()).toContain('Changed my mind');
    expect(subjects()).not.toContain('Quietly out');
    expect(subjects()).not.toContain('Out on its own');
  });

  it('a client sending the whole article back changes nothing; a value that is not true or false is a 422', async () => {
    const article = await createArticle(t, writer.token, { newsletter: false });
    const read = await t.as(writer.token).get(`/api/articles/${article.slug}`).expect(200);
    const echoed = await edit(article.slug, read.body.article).expect(200);
    expect(echoed.body.article.updatedAt).toBe(read.body.article.updatedAt);
    expect(echoed.body.article.newsletter).toBe(false);

    for (const newsletter of ['no', null, 0]) {
      const refused = await t
        .as(writer.token)
        .post('/api/articles')
        .send({ article: { title: 'T', description: 'D', body: 'B', newsletter } })
        .expect(422);
      expect(refused.body).toEqual({ errors: { newsletter: ['must be true or false'] } });
      const edited = await edit(article.slug, { newsletter }).expect(422);
      expect(edited.body).toEqual({ errors: { newsletter: ['must be true or false'] } });
    }
  });
});
