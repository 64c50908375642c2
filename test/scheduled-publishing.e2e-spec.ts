import { ArticlePagesService } from '../src/modules/posts/article-pages.service';
import { useRegisteredUser } from './support/auth-factory';
import { createArticle, CreatedArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApps } from './support/test-app';
import { ReceivedHook, useWebhookReceiver } from './support/webhook-receiver';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** Workers that look for due jobs every second, and webhooks to this machine. */
const ENV = {
  ...FAST_AUTH_ENV,
  JOBS_POLL_INTERVAL_SECONDS: '1',
  WEBHOOK_ALLOW_PRIVATE: 'true',
};

describe('scheduled publishing (real PostgreSQL, pg-boss, two instances)', () => {
  // A second instance on the same database, with its own workers: a publication happens once anyway.
  const [t] = useTestApps(2, ENV);
  const author = useRegisteredUser(t);
  const reader = useRegisteredUser(t);
  /** Schedules the articles of the date-time forms test, so the other tests' lists never hold them. */
  const scheduler = useRegisteredUser(t);
  const admin = useRegisteredUser(t, { superuser: true });
  const receiver = useWebhookReceiver();

  beforeAll(async () => {
    const response = await t
      .as(admin.token)
      .post('/api/admin/webhooks')
      .send({ webhook: { url: receiver.url('/published'), events: ['article.published'] } });
    expect(response.status).toBe(201);
  });

  const publishedHooks = (slug: string): ReceivedHook[] =>
    receiver
      .at('/published')
      .filter(
        (hook) =>
          (JSON.parse(hook.body) as { data: { article: { slug: string } } }).data.article.slug ===
          slug,
      );

  /** Polls the article as an anonymous reader until it is public; the time it was first seen. */
  async function waitUntilPublic(slug: string, timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const response = await t.http().get(`/api/articles/${slug}`);
      if (response.status === 200) return Date.now();
      expect(response.status).toBe(404);
      await sleep(200);
    }
    throw new Error(`${slug} was not published within ${timeoutMs} ms`);
  }

  const slugsOf = (body: { articles: { slug: string }[] }) => body.articles.map((a) => a.slug);

  it('refuses a schedule it cannot keep, with 422 naming publishAt', async () => {
    const refused = async (article: object): Promise<unknown> =>
      (
        await t
          .as(author.token)
          .post('/api/articles')
          .send({ article: { title: 'Later', description: 'd', body: 'b', ...article } })
          .expect(422)
      ).body;
    await expect(refused({ publishAt: inSeconds(-60) })).resolves.toEqual({
      errors: { publishAt: ['must be in the future'] },
    });
    await expect(refused({ status: 'scheduled' })).resolves.toEqual({
      errors: { publishAt: ['is needed to schedule an article'] },
    });
    await expect(refused({ status: 'published', publishAt: inSeconds(60) })).resolves.toEqual({
      errors: { publishAt: ['cannot be given with status published'] },
    });
    // What the date-time must be, RFC 3339's form with its offset: anything else would be read in
    // the server's own time zone (a form's datetime-local value), or be no date at all in PostgreSQL.
    const message = 'must be a date-time with its time zone (ISO 8601, e.g. 2027-01-01T09:00:00Z)';
    for (const publishAt of [
      'tomorrow morning',
      '2027-03-01T09:00',
      '2027-03-01T09:00:00',
      '2027-03-01',
      '2027-01',
      '2027',
      '2027-001',
      '2027-W01-1',
      '2027-01-01T09Z',
      '2027-01-01T09:00:00,5Z',
      '20270101T090000Z',
      '2027-02-30T09:00:00Z',
      '2027-01-01T25:00:00Z',
    ]) {
      await expect(refused({ publishAt })).resolves.toEqual({ errors: { publishAt: [message] } });
    }
    // A date-time of the right shape whose instant is in the year 10000 (UTC), on a create and an edit:
    // refused here, not a 500 when PostgreSQL and the job queue cannot store it.
    const beyond = { errors: { publishAt: ['must be before the year 10000 (UTC)'] } };
    await expect(refused({ publishAt: '9999-12-31T23:00:00-05:00' })).resolves.toEqual(beyond);
    const draft = await createArticle(t, scheduler.token, { status: 'draft' });
    const edited = await t
      .as(scheduler.token)
      .put(`/api/articles/${draft.slug}`)
      .send({ article: { publishAt: '9999-12-31T23:30:00-01:00' } });
    expect([edited.status, edited.body]).toEqual([422, beyond]);
    // With an offset, with or without seconds and fractions, in any offset.
    const later = new Date(Date.now() + 86_400_000);
    const day = later.toISOString().slice(0, 10);
    for (const publishAt of [
      `${day}T23:59Z`,
      `${day}T23:59:30.125Z`,
      `${day}T23:59:30+05:30`,
      `${day}t23:59:30z`,
    ]) {
      const response = await t
        .as(scheduler.token)
        .post('/api/articles')
        .send({ article: { title: 'Later', description: 'd', body: 'b', publishAt } });
      expect([publishAt, response.status]).toEqual([publishAt, 201]);
      expect((response.body as { article: { publishedAt: string } }).article.publishedAt).toBe(
        new Date(publishAt.toUpperCase()).toISOString(),
      );
    }
  });

  it('is unseen until its time, then appears by itself, with one article.published across instances', async () => {
    const publishAt = inSeconds(3);
    const article = await createArticle(t, author.token, { publishAt, tagList: ['later'] });
    expect(article).toMatchObject({ status: 'scheduled', publishedAt: publishAt });
    const url = `/api/articles/${article.slug}`;
    await t.http().get(url).expect(404);
    await t.as(reader.token).get(url).expect(404);
    await t.as(author.token).get(url).expect(200);
    for (const list of [
      '/api/articles',
      '/api/articles?tag=later',
      `/api/articles?author=${author.username}`,
    ]) {
      const response = await t.as(reader.token).get(list).expect(200);
      expect(slugsOf(response.body)).not.toContain(article.slug);
    }
    const search = await t.http().get(`/api/articles?q=${encodeURIComponent(article.title)}`);
    expect(slugsOf(search.body)).not.toContain(article.slug);
    const mine = await t
      .as(author.token)
      .get('/api/articles?author=me&status=scheduled')
      .expect(200);
    expect(slugsOf(mine.body)).toEqual([article.slug]);

    const seenAt = await waitUntilPublic(article.slug);
    expect(seenAt).toBeGreaterThanOrEqual(Date.parse(publishAt));
    const published = await t.http().get(url).expect(200);
    // The date is the one it was scheduled for, not the moment a worker got to it.
    expect(published.body.article).toMatchObject({ status: 'published', publishedAt: publishAt });
    const byTag = await t.http().get('/api/articles?tag=later').expect(200);
    expect(slugsOf(byTag.body)).toEqual([article.slug]);

    await receiver.waitFor('/published', 1);
    // Both instances' workers and the every-minute check had their chance; one event all the same.
    await sleep(3000);
    expect(publishedHooks(article.slug)).toHaveLength(1);
  });

  it('rescheduling moves it (the earlier job does nothing), unscheduling makes it a draft', async () => {
    const soon = await createArticle(t, author.token, { publishAt: inSeconds(2) });
    const later = inSeconds(3600);
    const moved = await t
      .as(author.token)
      .put(`/api/articles/${soon.slug}`)
      .send({ article: { publishAt: later } })
      .expect(200);
    expect(moved.body.article).toMatchObject({ status: 'scheduled', publishedAt: later });

    const early = await createArticle(t, author.token, { publishAt: inSeconds(3600) });
    const nearer = inSeconds(2);
    await t
      .as(author.token)
      .put(`/api/articles/${early.slug}`)
      .send({ article: { status: 'scheduled', publishAt: nearer } })
      .expect(200);

    const unscheduled = await createArticle(t, author.token, { publishAt: inSeconds(2) });
    const draft = await t
      .as(author.token)
      .put(`/api/articles/${unscheduled.slug}`)
      .send({ article: { status: 'draft' } })
      .expect(200);
    expect(draft.body.article).toMatchObject({ status: 'draft', publishedAt: null });

    await waitUntilPublic(early.slug);
    await sleep(2500);
    await t.http().get(`/api/articles/${soon.slug}`).expect(404);
    await t.http().get(`/api/articles/${unscheduled.slug}`).expect(404);
    expect(publishedHooks(soon.slug)).toHaveLength(0);
    expect(publishedHooks(unscheduled.slug)).toHaveLength(0);
    expect(publishedHooks(early.slug)).toHaveLength(1);

    // Publishing a scheduled article at once is a plain publish.
    const now = await t
      .as(author.token)
      .put(`/api/articles/${soon.slug}`)
      .send({ article: { status: 'published' } })
      .expect(200);
    expect(Date.parse(now.body.article.publishedAt)).toBeLessThan(Date.parse(later));
    await t.http().get(`/api/articles/${soon.slug}`).expect(200);
  });

  it('an unpublished article scheduled again takes its new date, and keeps that one after', async () => {
    const article = await createArticle(t, author.token);
    const url = `/api/articles/${article.slug}`;
    const put = (changes: object) =>
      t.as(author.token).put(url).send({ article: changes }).expect(200);
    await put({ status: 'draft' });
    const publishAt = inSeconds(2);
    await put({ publishAt });
    await waitUntilPublic(article.slug);
    const published = await t.http().get(url).expect(200);
    expect(published.body.article.publishedAt).toBe(publishAt);
    await put({ status: 'draft' });
    const again = await put({ status: 'published' });
    expect(again.body.article.publishedAt).toBe(publishAt);
  });

  it('lists order by publication: a draft published later comes first', async () => {
    const draftFirst = await createArticle(t, reader.token, { status: 'draft' });
    const first = await createArticle(t, reader.token);
    await t
      .as(reader.token)
      .put(`/api/articles/${draftFirst.slug}`)
      .send({ article: { status: 'published' } })
      .expect(200);
    const list = await t.http().get(`/api/articles?author=${reader.username}`).expect(200);
    expect(slugsOf(list.body)).toEqual([draftFirst.slug, first.slug]);
  });

  it('remembers the old slugs of a renamed article for redirects', async () => {
    const article: CreatedArticle = await createArticle(t, author.token, {
      title: 'Old name here',
    });
    const rename = (slug: string, title: string) =>
      t.as(author.token).put(`/api/articles/${slug}`).send({ article: { title } }).expect(200);
    const middle = (await rename(article.slug, 'Middle name here')).body.article.slug as string;
    const renamed = await rename(middle, 'New name here');
    const articles = t.app.get(ArticlePagesService);
    for (const old of [article.slug, middle]) {
      await expect(articles.currentSlug(old)).resolves.toBe(renamed.body.article.slug);
    }
    await expect(articles.currentSlug('never-was')).resolves.toBeNull();
    // A new article may take a later old slug, which then is its own and no longer redirects...
    const taker = await createArticle(t, reader.token, { title: 'Middle name here' });
    expect(taker.slug).toBe(middle);
    await expect(articles.currentSlug(middle)).resolves.toBeNull();
    // ...but never the first: it is the renamed article's id in feeds, and keeps leading to it.
    const namesake = await createArticle(t, reader.token, { title: 'Old name here' });
    expect(namesake.slug).toMatch(new RegExp(`^${article.slug}-[0-9a-z]{6}$`));
    await expect(articles.currentSlug(article.slug)).resolves.toBe(renamed.body.article.slug);
  });
});
