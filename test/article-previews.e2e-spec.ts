import {
  RegisteredUser,
  registerUser,
  setRole,
  TestRole,
  useRegisteredUser,
} from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

const SITE = 'https://blog.example.test';

describe('preview links (sharing an article before it is published)', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, APP_URL: SITE });
  const writer = useRegisteredUser(t, { role: 'author' });
  const stranger = useRegisteredUser(t);
  const editor = useRegisteredUser(t, { role: 'editor' });
  const admin = useRegisteredUser(t, { superuser: true });

  /** A user registered now, with `role`. */
  const newUser = async (role: TestRole): Promise<RegisteredUser> => {
    const user = await registerUser(t);
    await setRole(t, user.id, role);
    return user;
  };
  const previewUrl = (slug: string) => `/api/articles/${slug}/preview`;
  /** A share by `user` of the article `slug`: its key. */
  const share = async (user: RegisteredUser, slug: string): Promise<string> => {
    const response = await t.as(user.token).post(previewUrl(slug)).expect(201);
    return response.body.preview.key as string;
  };
  /** A read of the preview `key` by a browser with no account, the way the site's page asks. */
  const readAs = (key: string) =>
    t
      .http()
      .get(`/api/preview?key=${encodeURIComponent(key)}`)
      .set('Accept', 'application/json');

  it('a draft shared by its author is read by anyone with the link, and by no one without it', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft', body: 'Secret *draft*' });
    const none = await t.as(writer.token).get(previewUrl(draft.slug)).expect(200);
    expect(none.body).toEqual({ preview: null });

    const shared = await t.as(writer.token).post(previewUrl(draft.slug)).expect(201);
    const { key, url } = shared.body.preview as { key: string; url: string };
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toBe(`${SITE}/preview?key=${key}`);
    const current = await t.as(writer.token).get(previewUrl(draft.slug)).expect(200);
    expect(current.body).toEqual(shared.body);

    const read = await readAs(key).expect(200);
    expect(read.body.article).toMatchObject({
      slug: draft.slug,
      status: 'draft',
      body: 'Secret *draft*',
      author: { username: writer.username },
    });
    // Kept by no cache: a stopped link must stop at once, and the answer is not a public page.
    expect(read.headers['cache-control']).toBe('no-store');
    expect(read.headers.etag).toBeUndefined();
    // The draft itself stays hidden from those who only know its address.
    await t.http().get(`/api/articles/${draft.slug}`).expect(404);
    await t.as(stranger.token).get(`/api/articles/${draft.slug}`).expect(404);
    // A signed-in reader with the link reads it as themselves.
    const signedIn = await t.as(stranger.token).get(`/api/preview?key=${key}`).expect(200);
    expect(signedIn.body.article.slug).toBe(draft.slug);
  });

  it('a new link ends the old one; stopping ends it; a key Folio never made is a 404', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    const first = await share(writer, draft.slug);
    const second = await share(writer, draft.slug);
    expect(second).not.toBe(first);
    const gone = { errors: { preview: ['not found: the link was replaced, or sharing stopped'] } };
    expect((await readAs(first).expect(404)).body).toEqual(gone);
    await readAs(second).expect(200);

    await t.as(writer.token).delete(previewUrl(draft.slug)).expect(204);
    expect((await readAs(second).expect(404)).body).toEqual(gone);
    const after = await t.as(writer.token).get(previewUrl(draft.slug)).expect(200);
    expect(after.body).toEqual({ preview: null });
    // Stopping what is not shared is done already.
    await t.as(writer.token).delete(previewUrl(draft.slug)).expect(204);

    for (const key of [draft.slug, 'x'.repeat(500), "' OR 1=1 --", '%00']) {
      expect((await readAs(key).expect(404)).body).toEqual(gone);
    }
    const blank = await t.http().get('/api/preview').expect(422);
    expect(blank.body).toEqual({ errors: { key: ["can't be blank"] } });
  });

  it('sharing is for those who may edit the article; the others learn nothing of a draft', async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    const published = await createArticle(t, writer.token);
    for (const method of ['get', 'post', 'delete'] as const) {
      await t.http()[method](previewUrl(draft.slug)).expect(401);
      // Someone who cannot see the draft is told it does not exist.
      const hidden = await t.as(stranger.token)[method](previewUrl(draft.slug)).expect(404);
      expect(hidden.body).toEqual({ errors: { article: ['not found'] } });
      // A published article they see but may not change.
      const refused = await t.as(stranger.token)[method](previewUrl(published.slug)).expect(403);
      expect(refused.body).toEqual({ errors: { article: ['forbidden'] } });
    }
    await t.as(stranger.token).post(previewUrl('no-such-article')).expect(404);
    // Editors and administrators share anyone's article.
    await readAs(await share(editor, draft.slug)).expect(200);
    await readAs(await share(admin, draft.slug)).expect(200);
  });

  it('a contributor shares their draft, then no more once an editor published it', async () => {
    const contributor = await newUser('contributor');
    const draft = await createArticle(t, contributor.token, { status: 'draft' });
    const key = await share(contributor, draft.slug);
    await readAs(key).expect(200);
    await t
      .as(editor.token)
      .put(`/api/articles/${draft.slug}`)
      .send({ article: { status: 'published' } })
      .expect(200);
    const refused = await t.as(contributor.token).post(previewUrl(draft.slug)).expect(403);
    expect(refused.body).toEqual({
      errors: { article: ['is no longer a draft: only an editor may change it'] },
    });
    // The link shared before still opens the article, now published.
    const read = await readAs(key).expect(200);
    expect(read.body.article.status).toBe('published');
  });

  it('a scheduled article is previewed before its time; a renamed draft keeps its link', async () => {
    const publishAt = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    const scheduled = await createArticle(t, writer.token, { publishAt });
    const key = await share(writer, scheduled.slug);
    expect((await readAs(key).expect(200)).body.article.status).toBe('scheduled');

    const renamed = await t
      .as(writer.token)
      .put(`/api/articles/${scheduled.slug}`)
      .send({ article: { title: `Renamed ${scheduled.slug}` } })
      .expect(200);
    const read = await readAs(key).expect(200);
    expect(read.body.article.slug).toBe(renamed.body.article.slug);
    expect(read.body.article.title).toBe(`Renamed ${scheduled.slug}`);
  });

  it("a deactivated author's shared articles cannot be read through their links", async () => {
    const leaving = await newUser('author');
    const draft = await createArticle(t, leaving.token, { status: 'draft' });
    const published = await createArticle(t, leaving.token);
    const draftKey = await share(leaving, draft.slug);
    const publishedKey = await share(leaving, published.slug);
    const setActive = (isActive: boolean) =>
      t
        .as(admin.token)
        .patch(`/api/admin/users/${leaving.id}`)
        .send({ user: { isActive } })
        .expect(200);
    await setActive(false);
    await readAs(draftKey).expect(404);
    await readAs(publishedKey).expect(404);
    await setActive(true);
    await readAs(draftKey).expect(200);
    await readAs(publishedKey).expect(200);
  });

  it("deleting the article ends its link; sharing leaves the article's updatedAt as it was", async () => {
    const draft = await createArticle(t, writer.token, { status: 'draft' });
    const key = await share(writer, draft.slug);
    const seen = await t.as(writer.token).get(`/api/articles/${draft.slug}`).expect(200);
    expect(seen.body.article.updatedAt).toBe(draft.updatedAt);
    await t.as(writer.token).delete(`/api/articles/${draft.slug}`).expect(204);
    await readAs(key).expect(404);
    await t.as(writer.token).post(previewUrl(draft.slug)).expect(404);
  });
});
