import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('drafts', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const writer = useRegisteredUser(t);
  const reader = useRegisteredUser(t);
  const admin = useRegisteredUser(t, { superuser: true });
  /** The writer's edit of the article at `url`, answered with `status`. */
  const edit = (url: string, article: object, status = 200) =>
    t.as(writer.token).put(url).send({ article }).expect(status);

  it('a draft has no publishedAt and is seen only by its author and superusers', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    expect(draft.status).toBe('draft');
    expect(draft.publishedAt).toBeNull();
    const url = `/api/articles/${draft.slug}`;
    await t.http().get(url).expect(404);
    await t.as(reader.token).get(url).expect(404);
    await t.as(writer.token).get(url).expect(200);
    await t.as(admin.token).get(url).expect(200);
    await t.as(reader.token).post(`${url}/favorite`).expect(404);
    await t.http().get(`${url}/comments`).expect(404);
  });

  it('drafts stay out of public lists and feeds', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft', tagList: ['dt'] });
    const everyone = await t.http().get(`/api/articles?author=${writer.username}`).expect(200);
    expect((everyone.body.articles as { slug: string }[]).map((a) => a.slug)).not.toContain(
      draft.slug,
    );
    const byTag = await t.http().get('/api/articles?tag=dt').expect(200);
    expect(byTag.body.articlesCount).toBe(0);
  });

  it('author=me&status=draft lists the reader\u2019s own drafts', async () => {
    const mine = await createArticle(t, reader.token, { status: 'draft' });
    await createArticle(t, reader.token);
    const response = await t
      .as(reader.token)
      .get('/api/articles?author=me&status=draft')
      .expect(200);
    expect(response.body.articlesCount).toBe(1);
    expect(response.body.articles[0]).toMatchObject({ slug: mine.slug, status: 'draft' });
    const others = await t.as(reader.token).get('/api/articles?status=draft').expect(200);
    expect((others.body.articles as { slug: string }[]).map((a) => a.slug)).toEqual([mine.slug]);
    const all = await t.as(admin.token).get('/api/articles?status=draft').expect(200);
    expect(all.body.articlesCount).toBeGreaterThanOrEqual(3);
    const anonymous = await t.http().get('/api/articles?author=me').expect(401);
    expect(anonymous.body).toEqual({ errors: { token: ['is missing'] } });
  });

  it('publishing sets publishedAt and makes the article public; unpublishing hides it', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    const url = `/api/articles/${draft.slug}`;
    const published = await t
      .as(writer.token)
      .put(url)
      .send({ article: { status: 'published' } })
      .expect(200);
    expect(published.body.article.status).toBe('published');
    expect(Date.parse(published.body.article.publishedAt)).toBeGreaterThanOrEqual(
      Date.parse(draft.createdAt),
    );
    await t.http().get(url).expect(200);
    const unpublished = await t
      .as(writer.token)
      .put(url)
      .send({ article: { status: 'draft' } })
      .expect(200);
    expect(unpublished.body.article.publishedAt).toBeNull();
    await t.http().get(url).expect(404);
  });

  it('published again after an unpublish, an article keeps its date and its place in the lists', async () => {
    const first = await createArticle(t, writer.token, { tagList: ['kept-date'] });
    const second = await createArticle(t, writer.token, { tagList: ['kept-date'] });
    const url = `/api/articles/${first.slug}`;
    await edit(url, { status: 'draft' });
    const again = await edit(url, { status: 'published' });
    expect(again.body.article.publishedAt).toBe(first.publishedAt);
    const listed = await t.http().get('/api/articles?tag=kept-date').expect(200);
    expect((listed.body.articles as { slug: string }[]).map((a) => a.slug)).toEqual([
      second.slug,
      first.slug,
    ]);
    // Scheduled after the unpublish, then published by hand: now, as the new schedule meant it new.
    await edit(url, { status: 'draft' });
    const publishAt = new Date(Date.now() + 3_600_000).toISOString();
    await edit(url, { publishAt });
    const now = await edit(url, { status: 'published' });
    expect(Date.parse(now.body.article.publishedAt)).toBeGreaterThan(
      Date.parse(second.publishedAt as string),
    );
  });

  it('publishedAt sets a published article\u2019s date: in the past only, and its echo changes nothing', async () => {
    const article = await createArticle(t, writer.token, { tagList: ['chosen-date'] });
    const url = `/api/articles/${article.slug}`;
    const backdated = await edit(url, { publishedAt: '2019-03-04T05:06:07+01:00' });
    expect(backdated.body.article.publishedAt).toBe('2019-03-04T04:06:07.000Z');
    // An editor sending the whole article back: nothing changes, not even updatedAt.
    const echoed = await edit(url, backdated.body.article);
    expect(echoed.body.article.updatedAt).toBe(backdated.body.article.updatedAt);
    // Kept through an unpublish, as any date.
    await edit(url, { status: 'draft' });
    const again = await edit(url, { status: 'published' });
    expect(again.body.article.publishedAt).toBe('2019-03-04T04:06:07.000Z');

    const future = await edit(
      url,
      { publishedAt: new Date(Date.now() + 3_600_000).toISOString() },
      422,
    );
    expect(future.body).toEqual({
      errors: { publishedAt: ['must not be in the future (publishAt schedules an article)'] },
    });
    const unzoned = await edit(url, { publishedAt: '2019-03-04T05:06:07' }, 422);
    expect(Object.keys(unzoned.body.errors)).toEqual(['publishedAt']);
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    const onDraft = await t
      .as(writer.token)
      .put(`/api/articles/${draft.slug}`)
      .send({ article: { publishedAt: '2019-03-04T05:06:07Z' } })
      .expect(422);
    expect(onDraft.body).toEqual({ errors: { publishedAt: ['is only for a published article'] } });
    // A draft's own null, sent back, is no change.
    const kept = await t
      .as(writer.token)
      .put(`/api/articles/${draft.slug}`)
      .send({ article: { body: 'Still a draft', publishedAt: null } })
      .expect(200);
    expect(kept.body.article).toMatchObject({ status: 'draft', publishedAt: null });

    // Created with a date (an article moved from another blog) and published with one.
    const moved = await t
      .as(writer.token)
      .post('/api/articles')
      .send({
        article: {
          title: 'From my old blog',
          description: 'Moved',
          body: 'Old words',
          publishedAt: '2015-01-02T03:04:05Z',
        },
      })
      .expect(201);
    expect(moved.body.article).toMatchObject({
      status: 'published',
      publishedAt: '2015-01-02T03:04:05.000Z',
    });
    const dated = await t
      .as(writer.token)
      .put(`/api/articles/${draft.slug}`)
      .send({
        article: {
          description: 'Now whole',
          body: 'Words',
          status: 'published',
          publishedAt: '2016-01-01T00:00:00Z',
        },
      })
      .expect(200);
    expect(dated.body.article.publishedAt).toBe('2016-01-01T00:00:00.000Z');
    const scheduled = await t
      .as(writer.token)
      .post('/api/articles')
      .send({
        article: {
          title: 'Both dates',
          description: 'd',
          body: 'b',
          publishAt: new Date(Date.now() + 3_600_000).toISOString(),
          publishedAt: '2016-01-01T00:00:00Z',
        },
      })
      .expect(422);
    expect(scheduled.body).toEqual({
      errors: { publishedAt: ['cannot be given with publishAt'] },
    });
  });

  it('someone else cannot edit or delete a draft they cannot see (404)', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    await t
      .as(reader.token)
      .put(`/api/articles/${draft.slug}`)
      .send({ article: { body: 'x' } })
      .expect(404);
    await t.as(reader.token).delete(`/api/articles/${draft.slug}`).expect(404);
  });

  it('a draft may be saved with only a title; it needs a description and a body to go public', async () => {
    const created = await t
      .as(writer.token)
      .post('/api/articles')
      .send({ article: { title: 'Just a title', status: 'draft' } })
      .expect(201);
    expect(created.body.article).toMatchObject({ status: 'draft', description: '', body: '' });
    const url = `/api/articles/${created.body.article.slug}`;
    // An editor's autosave sends what the form holds, empty fields included.
    await t
      .as(writer.token)
      .put(url)
      .send({ article: { title: 'Just a title', description: '', body: 'Half a thought' } })
      .expect(200);
    const refused = await t
      .as(writer.token)
      .put(url)
      .send({ article: { status: 'published' } })
      .expect(422);
    expect(refused.body).toEqual({ errors: { description: ["can't be blank"] } });
    await t
      .as(writer.token)
      .put(url)
      .send({ article: { publishAt: new Date(Date.now() + 3_600_000).toISOString() } })
      .expect(422);
    const published = await t
      .as(writer.token)
      .put(url)
      .send({ article: { description: 'Now whole', status: 'published' } })
      .expect(200);
    expect(published.body.article).toMatchObject({ status: 'published', body: 'Half a thought' });
    // A published article cannot lose its body.
    await t
      .as(writer.token)
      .put(url)
      .send({ article: { body: ' ' } })
      .expect(422);
  });
});
