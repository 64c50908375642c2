import { makeSuperuser, registerUser, useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('articles: RealWorld shapes and rules', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);
  const jane = useRegisteredUser(t);

  it('creates an article with sorted tags, integer counts and ISO timestamps', async () => {
    const response = await t
      .as(jake.token)
      .post('/api/articles')
      .send({
        article: { title: 'Dragons', description: 'd', body: 'b', tagList: ['zeta', 'alpha'] },
      })
      .expect(201);
    expect(response.body.article).toEqual({
      slug: 'dragons',
      title: 'Dragons',
      description: 'd',
      body: 'b',
      newsletter: true,
      tagList: ['alpha', 'zeta'],
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
      favorited: false,
      favoritesCount: 0,
      author: { username: jake.username, bio: null, image: null, following: false },
      status: 'published',
      publishedAt: expect.stringMatching(ISO_MS),
      category: null,
      coverImage: null,
      coverImageAlt: null,
      coverImageCaption: null,
    });
  });

  it('reads an article without a token, and 404s an unknown slug', async () => {
    const article = await createArticle(t, jake.token);
    const response = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(response.body.article.body).toBe(article.body);
    const missing = await t.http().get('/api/articles/no-such-article').expect(404);
    expect(missing.body).toEqual({ errors: { article: ['not found'] } });
  });

  it('a body-only update keeps slug and createdAt and moves updatedAt', async () => {
    const article = await createArticle(t, jake.token, { tagList: ['x', 'y'] });
    const response = await t
      .as(jake.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { body: 'new body' } })
      .expect(200);
    expect(response.body.article).toMatchObject({
      slug: article.slug,
      body: 'new body',
      createdAt: article.createdAt,
      tagList: ['x', 'y'],
    });
    expect(response.body.article.updatedAt).not.toBe(article.updatedAt);
    const stored = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(stored.body.article.body).toBe('new body');
  });

  it('saving the article back unchanged (as an editor Save does) keeps updatedAt and the ETag', async () => {
    const article = await createArticle(t, jake.token, { tagList: ['one', 'two'] });
    const url = `/api/articles/${article.slug}`;
    const before = await t.http().get(url).expect(200);
    const { title, description, body, tagList, status, category, coverImage } = article;
    const saved = await t
      .as(jake.token)
      .put(url)
      .set('Content-Type', 'application/json')
      .send({
        article: {
          title,
          description,
          body,
          tagList: [...tagList].reverse(),
          status,
          category,
          coverImage,
        },
      })
      .expect(200);
    expect(saved.body.article).toEqual(article);
    const after = await t.http().get(url).expect(200);
    expect(after.headers.etag).toBe(before.headers.etag);
    // A real change after it still moves updatedAt.
    const changed = await t
      .as(jake.token)
      .put(url)
      .send({ article: { tagList: ['one'] } })
      .expect(200);
    expect(changed.body.article.tagList).toEqual(['one']);
    expect(changed.body.article.updatedAt).not.toBe(article.updatedAt);
  });

  it('drops blank tags (a tag box left empty, as RealWorld’s Vue client sends it); other items are refused', async () => {
    const created = await t
      .as(jake.token)
      .post('/api/articles')
      .set('Content-Type', 'application/json')
      .send({
        article: { title: 'Blank tags', description: 'd', body: 'b', tagList: ['ok', '', '  '] },
      })
      .expect(201);
    expect(created.body.article.tagList).toEqual(['ok']);
    const edited = await t
      .as(jake.token)
      .put(`/api/articles/${created.body.article.slug as string}`)
      .send({ article: { tagList: [''] } })
      .expect(200);
    expect(edited.body.article.tagList).toEqual([]);
    const refused = await t
      .as(jake.token)
      .post('/api/articles')
      .send({ article: { title: 'Odd tags', description: 'd', body: 'b', tagList: ['ok', 7] } })
      .expect(422);
    expect(refused.body).toEqual({ errors: { tagList: ['must be a string'] } });
  });

  it('a title or tag of characters nothing draws (a zero-width space, a BOM, U+3164) is blank', async () => {
    const invisible = ['\u200b', '\ufeff\u200d ', '\u3164'];
    for (const title of invisible) {
      const blank = await t
        .as(jake.token)
        .post('/api/articles')
        .send({ article: { title, description: 'd', body: 'b' } })
        .expect(422);
      expect(blank.body).toEqual({ errors: { title: ["can't be blank"] } });
    }
    const created = await t
      .as(jake.token)
      .post('/api/articles')
      .send({ article: { title: 'Seen \u200b', description: 'd', body: 'b', tagList: invisible } })
      .expect(201);
    expect(created.body.article.tagList).toEqual([]);
  });

  it('omitting tagList keeps the tags, [] clears them, null is a 422', async () => {
    const article = await createArticle(t, jake.token, { tagList: ['keep', 'me'] });
    const url = `/api/articles/${article.slug}`;
    await t
      .as(jake.token)
      .put(url)
      .send({ article: { tagList: null } })
      .expect(422);
    const kept = await t
      .as(jake.token)
      .put(url)
      .send({ article: { description: 'x' } })
      .expect(200);
    expect(kept.body.article.tagList).toEqual(['keep', 'me']);
    const cleared = await t
      .as(jake.token)
      .put(url)
      .send({ article: { tagList: [] } })
      .expect(200);
    expect(cleared.body.article.tagList).toEqual([]);
    const stored = await t.http().get(url).expect(200);
    expect(stored.body.article.tagList).toEqual([]);
  });

  it.each([
    [{ title: '', description: 'd', body: 'b' }, 'title'],
    [{ title: '  ', description: 'd', body: 'b' }, 'title'],
    [{ title: 't', description: '', body: 'b' }, 'description'],
    [{ title: 't', description: 'd' }, 'body'],
  ])('rejects a blank field with 422 naming it (%j)', async (article, field) => {
    const response = await t.as(jake.token).post('/api/articles').send({ article }).expect(422);
    expect(response.body.errors[field]).toEqual(["can't be blank"]);
  });

  it('keeps a cover image URL, refuses what is not an http(s) URL, and clears it with null', async () => {
    const cover = 'https://images.example.com/cover.jpg';
    const created = await createArticle(t, jake.token, { coverImage: cover });
    expect(created.coverImage).toBe(cover);
    const url = `/api/articles/${created.slug}`;
    const listed = await t.http().get(`/api/articles?author=${jake.username}`).expect(200);
    expect(listed.body.articles[0]).toMatchObject({ slug: created.slug, coverImage: cover });
    for (const coverImage of ['javascript:alert(1)', '/media/x/640.webp', 42]) {
      const refused = await t.as(jake.token).put(url).send({ article: { coverImage } }).expect(422);
      expect(Object.keys(refused.body.errors)).toEqual(['coverImage']);
    }
    const cleared = await t
      .as(jake.token)
      .put(url)
      .send({ article: { coverImage: null } })
      .expect(200);
    expect(cleared.body.article.coverImage).toBeNull();
    // A scheme in capitals is the same scheme; an emptied field clears it, as a user's image does.
    const upper = 'HTTPS://IMAGES.EXAMPLE.COM/COVER.JPG';
    const shouted = await t
      .as(jake.token)
      .put(url)
      .send({ article: { coverImage: upper } });
    expect([shouted.status, shouted.body.article?.coverImage]).toEqual([200, upper]);
    const emptied = await t
      .as(jake.token)
      .put(url)
      .send({ article: { coverImage: '' } })
      .expect(200);
    expect(emptied.body.article.coverImage).toBeNull();
  });

  it('keeps what the cover shows (coverImageAlt) and its caption, trimmed; "" or null clears them', async () => {
    const created = await createArticle(t, jake.token, {
      coverImage: 'https://images.example.com/lighthouse.jpg',
      coverImageAlt: ' A lighthouse at dusk ',
      coverImageCaption: 'Photo by Ann',
    });
    expect(created).toMatchObject({
      coverImageAlt: 'A lighthouse at dusk',
      coverImageCaption: 'Photo by Ann',
    });
    const url = `/api/articles/${created.slug}`;
    const listed = await t.http().get(`/api/articles?author=${jake.username}`).expect(200);
    expect(listed.body.articles[0]).toMatchObject({ coverImageAlt: 'A lighthouse at dusk' });
    const tooLong = await t
      .as(jake.token)
      .put(url)
      .send({ article: { coverImageAlt: 'x'.repeat(301), coverImageCaption: 'y'.repeat(501) } })
      .expect(422);
    expect(Object.keys(tooLong.body.errors).sort()).toEqual(['coverImageAlt', 'coverImageCaption']);
    const cleared = await t
      .as(jake.token)
      .put(url)
      .send({ article: { coverImageAlt: '', coverImageCaption: null } })
      .expect(200);
    expect(cleared.body.article).toMatchObject({ coverImageAlt: null, coverImageCaption: null });
  });

  it('rejects unknown fields and a non-array tagList', async () => {
    const extra = await t
      .as(jake.token)
      .post('/api/articles')
      .send({ article: { title: 't', description: 'd', body: 'b', sticky: true } })
      .expect(422);
    expect(extra.body.errors.sticky).toEqual(['is not allowed']);
    await t
      .as(jake.token)
      .post('/api/articles')
      .send({ article: { title: 't', description: 'd', body: 'b', tagList: 'one' } })
      .expect(422);
  });

  it('says what is wrong with a category that is not text, on a create and an edit alike', async () => {
    const article = await createArticle(t, jake.token);
    const post = (category: unknown) =>
      t
        .as(jake.token)
        .post('/api/articles')
        .send({ article: { title: 't', description: 'd', body: 'b', category } });
    const put = (category: unknown) =>
      t.as(jake.token).put(`/api/articles/${article.slug}`).send({ article: { category } });
    for (const send of [post, put]) {
      expect((await send(123).expect(422)).body).toEqual({
        errors: { category: ['must be a string'] },
      });
      expect((await send(['news']).expect(422)).body).toEqual({
        errors: { category: ['must be a single value, not a list'] },
      });
      expect((await send('x'.repeat(81)).expect(422)).body).toEqual({
        errors: { category: ['is too long (maximum is 80 characters)'] },
      });
    }
  });

  it('writing needs a token', async () => {
    const response = await t
      .http()
      .post('/api/articles')
      .send({ article: { title: 't', description: 'd', body: 'b' } })
      .expect(401);
    expect(response.body).toEqual({ errors: { token: ['is missing'] } });
  });

  it('only the author may edit; others get 403 and the article is unchanged', async () => {
    const article = await createArticle(t, jake.token);
    const response = await t
      .as(jane.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { body: 'hijacked' } })
      .expect(403);
    expect(response.body).toEqual({ errors: { article: ['forbidden'] } });
    const stored = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(stored.body.article.body).toBe(article.body);
  });

  it('authors delete their own articles (204), others get 403, superusers delete any', async () => {
    const mine = await createArticle(t, jake.token);
    const forbidden = await t.as(jane.token).delete(`/api/articles/${mine.slug}`).expect(403);
    expect(forbidden.body).toEqual({ errors: { article: ['forbidden'] } });
    await t.http().get(`/api/articles/${mine.slug}`).expect(200);
    await t.as(jake.token).delete(`/api/articles/${mine.slug}`).expect(204);
    await t.http().get(`/api/articles/${mine.slug}`).expect(404);

    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    const other = await createArticle(t, jane.token);
    await t.as(admin.token).delete(`/api/articles/${other.slug}`).expect(204);
    await t.http().get(`/api/articles/${other.slug}`).expect(404);
  });

  it('GET /api/tags lists every tag on a published article, once', async () => {
    await createArticle(t, jake.token, { tagList: ['shared', 'only-a'] });
    await createArticle(t, jane.token, { tagList: ['shared'] });
    await createArticle(t, jane.token, { tagList: ['secret-draft-tag'], status: 'draft' });
    const response = await t.http().get('/api/tags').expect(200);
    expect(response.body.tags).toEqual(expect.arrayContaining(['shared', 'only-a']));
    expect((response.body.tags as string[]).filter((tag) => tag === 'shared')).toHaveLength(1);
    expect(response.body.tags).not.toContain('secret-draft-tag');
    // Popular first: `shared` is on two articles, `only-a` on one.
    const tags = response.body.tags as string[];
    expect(tags.indexOf('shared')).toBeLessThan(tags.indexOf('only-a'));
  });
});
