import type { Response } from 'supertest';
import { createArticle, createCategory, FAST_AUTH_ENV } from './support/posts-factory';
import { makeSuperuser, RegisteredUser, registerUser } from './support/auth-factory';
import { TestApp, useTestApp } from './support/test-app';

/**
 * Folio stores what writers type and hands it back as JSON string data; rendering and sanitizing is
 * the frontend's job (marked + DOMPurify). So the API must neither mangle it (escape, strip, trim,
 * normalize) nor ever let it out as something a browser would run: not as HTML, not in a header.
 */
const PAYLOADS: [string, string][] = [
  ['a script tag', '<script>alert(1)</script>'],
  ['an event handler', '<img src=x onerror=alert(1)>'],
  ['javascript: links', '[x](javascript:alert(1)) <a href="javascript:alert(1)">y</a>'],
  ['a string breakout', `"}]}'--<!-- ]]> {{constructor.constructor('alert(1)')()}}`],
  ['a closing script and svg', '</script><svg/onload=alert(1)>&lt;b&gt; &amp;'],
  [
    'Unicode edge cases',
    'RTL \u202Egnp.exe\u202C zw\u200B\u200D \u{1F469}\u{1F3FD}\u200D\u{1F4BB} e\u0301 \u2028\u2029 \uFEFFПривет',
  ],
  ['markdown with HTML', '# H\n\n```html\n<script>x</script>\n```\n> *em* \\<b\\>\t'],
];

/** Fragments that would mean a payload reached a header (a slug may hold the word "onerror": harmless). */
const HOSTILE = ['<', '>', 'javascript:', 'alert(1)', '\u202E', '\u2028'];

function expectJsonData(response: Response): void {
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['content-security-policy']).toEqual(
    expect.stringContaining("default-src 'self'"),
  );
  expect(response.headers['content-security-policy']).toEqual(
    expect.stringContaining("script-src 'self'"),
  );
  // The body is JSON as sent: what the client parses is what supertest parsed.
  expect(JSON.parse(response.text)).toEqual(response.body);
  for (const [name, value] of Object.entries(response.headers)) {
    for (const fragment of HOSTILE) {
      expect({ header: name, value: String(value).includes(fragment) }).toEqual({
        header: name,
        value: false,
      });
    }
  }
}

/** Byte for byte: the same UTF-8 bytes, not merely an equal-looking string. */
function expectSame(actual: unknown, sent: string): void {
  expect(actual).toBe(sent);
  expect(Buffer.from(actual as string, 'utf8').equals(Buffer.from(sent, 'utf8'))).toBe(true);
}

async function superuserOf(t: TestApp): Promise<RegisteredUser> {
  const user = await registerUser(t);
  await makeSuperuser(t, user.id);
  return user;
}

describe('stored content is returned as data, never as markup', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, LOG_LEVEL: 'error' });

  it.each(PAYLOADS)('%s in an article and a comment', async (_name, payload) => {
    const writer = await registerUser(t);
    const created = await t
      .as(writer.token)
      .post('/api/articles')
      .send({ article: { title: payload, description: payload, body: payload } });
    expect(created.status).toBe(201);
    expectJsonData(created);
    const slug = (created.body as { article: { slug: string } }).article.slug;
    // The slug goes into URLs: only its own safe alphabet, whatever the title held.
    expect(slug).toMatch(/^[a-z0-9-]+$/);

    const reads = [
      created,
      await t.http().get(`/api/articles/${slug}`),
      await t
        .as(writer.token)
        .put(`/api/articles/${slug}`)
        .send({ article: { body: payload } }),
    ];
    for (const response of reads) {
      expect(response.status).toBeLessThan(300);
      expectJsonData(response);
      const { article } = response.body as { article: Record<string, unknown> };
      for (const field of ['title', 'description', 'body']) expectSame(article[field], payload);
    }
    const list = await t.http().get('/api/articles').query({ author: writer.username });
    expectJsonData(list);
    const [listed] = (list.body as { articles: Record<string, unknown>[] }).articles;
    expectSame(listed.title, payload);
    expectSame(listed.description, payload);

    const reader = await registerUser(t);
    const comment = await t
      .as(reader.token)
      .post(`/api/articles/${slug}/comments`)
      .send({ comment: { body: payload } });
    expect(comment.status).toBe(201);
    expectJsonData(comment);
    expectSame((comment.body as { comment: { body: string } }).comment.body, payload);
    const comments = await t.http().get(`/api/articles/${slug}/comments`);
    expectJsonData(comments);
    expectSame((comments.body as { comments: { body: string }[] }).comments[0].body, payload);
  });

  it.each(PAYLOADS)('%s in a bio, and a hostile image URL', async (_name, payload) => {
    const user = await registerUser(t);
    const image = `https://img.example.test/a.png?q="><script>alert(1)</script>&x=${encodeURIComponent(payload)}`;
    const updated = await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { bio: payload, image } });
    expect(updated.status).toBe(200);
    const article = await createArticle(t, user.token);
    const responses = [
      updated,
      await t.as(user.token).get('/api/user'),
      await t.http().get(`/api/profiles/${user.username}`),
      await t.http().get(`/api/articles/${article.slug}`),
    ];
    for (const response of responses) {
      expect(response.status).toBe(200);
      expectJsonData(response);
      const body = response.body as Record<string, { author?: object }>;
      const person = (body.user ?? body.profile ?? body.article.author) as Record<string, unknown>;
      expectSame(person.bio, payload);
      expectSame(person.image, image);
    }
  });

  it.each(PAYLOADS)('%s in a category name and description', async (_name, payload) => {
    const admin = await superuserOf(t);
    const created = await t
      .as(admin.token)
      .post('/api/categories')
      .send({ category: { name: payload, description: payload } });
    expect(created.status).toBe(201);
    expectJsonData(created);
    const category = (created.body as { category: Record<string, string> }).category;
    expect(category.slug).toMatch(/^[a-z0-9-]+$/);
    // Names are labels: surrounding whitespace is trimmed on purpose (CategoriesService), nothing else.
    expectSame(category.name, payload.trim());
    expectSame(category.description, payload);
    const list = await t.http().get('/api/categories');
    expectJsonData(list);
    const listed = (list.body as { categories: Record<string, string>[] }).categories.find(
      (c) => c.slug === category.slug,
    );
    expectSame(listed?.name, payload.trim());
    expectSame(listed?.description, payload);
  });

  it('refuses an image that is not an http(s) URL, in the API error shape', async () => {
    const user = await registerUser(t);
    for (const image of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const response = await t.as(user.token).put('/api/user').send({ user: { image } });
      expect(response.status).toBe(422);
      expectJsonData(response);
      expect(response.body).toEqual({ errors: { image: ['must be an http(s) URL'] } });
    }
  });

  it('answers hostile paths and lookups with JSON errors that echo nothing into headers', async () => {
    const user = await registerUser(t);
    const category = await createCategory(t, (await superuserOf(t)).token);
    const hostile = encodeURIComponent('<script>alert(1)</script>');
    const responses = [
      await t.http().get(`/api/articles/${hostile}`),
      await t.http().get(`/api/profiles/${hostile}`),
      await t.http().get(`/api/no-such-route/${hostile}`),
      await t
        .as(user.token)
        .post(`/api/articles/${hostile}/comments`)
        .send({ comment: { body: 'x' } }),
    ];
    for (const response of responses) {
      expect(response.status).toBe(404);
      expectJsonData(response);
      expect(Object.keys(response.body as object)).toEqual(['errors']);
    }
    // A filter that matches nothing is an empty list, still JSON.
    const filtered = await t
      .http()
      .get('/api/articles')
      .query({ category: `${category.slug}<script>alert(1)</script>` });
    expect(filtered.status).toBe(200);
    expectJsonData(filtered);
    expect(filtered.body).toEqual({
      articles: [],
      articlesCount: 0,
      articlesCountIsExact: true,
      nextCursor: null,
    });
  });
});
