import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { registerUser, RegisteredUser } from './support/auth-factory';
import { CapturedLogs } from './support/captured-logs';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { rawRequest, RawResponse, sendRaw } from './support/raw-http';
import { createTestApp, TestApp } from './support/test-app';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The API as real clients reach it: RealWorld frontends that send `Content-Type: application/json` on
 * every request, URLs with a trailing slash, and the malformed or oversized requests scanners send.
 * Requests that depend on exact bytes go over raw sockets (supertest and Node's client add headers).
 */
describe('real clients', () => {
  const logs = new CapturedLogs();
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await createTestApp(FAST_AUTH_ENV, { logDestination: logs });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t.close();
  });

  /** The error shape, the security headers and a request id that is in the access log. */
  function expectApiAnswer(response: RawResponse, status: number, field: string): void {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ errors: { [field]: [expect.any(String)] } });
    expect(response.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringContaining('max-age='),
    });
    const id = response.headers['x-request-id'];
    expect(id).toMatch(UUID);
    expect(logs.ofRequest(id)).toMatchObject({ level: 40, res: { statusCode: status } });
  }

  describe('bodiless requests sent with Content-Type: application/json', () => {
    // What a frontend's fetch wrapper sends for a POST or DELETE without a body.
    const EMPTY_BODIES: [string, [string, string][], string][] = [
      ['no Content-Length', [], ''],
      ['Content-Length: 0', [['Content-Length', '0']], ''],
      ['an empty chunked body', [['Transfer-Encoding', 'chunked']], '0\r\n\r\n'],
    ];

    function bodiless(
      method: string,
      path: string,
      token: string,
      framing: [string, string][],
      body: string,
    ): Promise<RawResponse> {
      return rawRequest(port, {
        method,
        path,
        headers: [
          ['Content-Type', 'application/json'],
          ['Accept', 'application/json'],
          ['Authorization', `Token ${token}`],
          ...framing,
        ],
        body,
      });
    }

    describe.each(EMPTY_BODIES)('with %s', (_name, framing, body) => {
      let author: RegisteredUser;
      let reader: RegisteredUser;

      beforeEach(async () => {
        [author, reader] = await Promise.all([registerUser(t), registerUser(t)]);
      });

      it('favorite and unfavorite an article', async () => {
        const { slug } = await createArticle(t, author.token);
        const path = `/api/articles/${slug}/favorite`;
        const favorited = await bodiless('POST', path, reader.token, framing, body);
        expect(favorited.status).toBe(200);
        expect(favorited.json()).toMatchObject({ article: { favorited: true, favoritesCount: 1 } });
        const unfavorited = await bodiless('DELETE', path, reader.token, framing, body);
        expect(unfavorited.status).toBe(200);
        expect(unfavorited.json()).toMatchObject({ article: { favoritesCount: 0 } });
      });

      it('follow and unfollow a profile', async () => {
        const path = `/api/profiles/${author.username}/follow`;
        const followed = await bodiless('POST', path, reader.token, framing, body);
        expect(followed.status).toBe(200);
        expect(followed.json()).toMatchObject({ profile: { following: true } });
        const unfollowed = await bodiless('DELETE', path, reader.token, framing, body);
        expect(unfollowed.status).toBe(200);
        expect(unfollowed.json()).toMatchObject({ profile: { following: false } });
      });

      it('delete a comment, then the article', async () => {
        const { slug } = await createArticle(t, author.token);
        const comment = await t
          .http()
          .post(`/api/articles/${slug}/comments`)
          .set('Authorization', `Token ${author.token}`)
          .send({ comment: { body: 'First!' } })
          .expect(201);
        const commentId = (comment.body as { comment: { id: number } }).comment.id;
        const path = `/api/articles/${slug}/comments/${commentId}`;
        expect((await bodiless('DELETE', path, author.token, framing, body)).status).toBe(204);
        const deleted = await bodiless(
          'DELETE',
          `/api/articles/${slug}`,
          author.token,
          framing,
          body,
        );
        expect(deleted.status).toBe(204);
        await t.http().get(`/api/articles/${slug}`).expect(404);
      });

      it('log out', async () => {
        const out = await bodiless('POST', '/api/auth/logout', reader.token, framing, body);
        expect(out.status).toBe(204);
        await t.http().get('/api/user').set('Authorization', `Token ${reader.token}`).expect(401);
      });

      it('a route that needs a body answers what is missing (422), not that JSON is invalid', async () => {
        const response = await bodiless('POST', '/api/articles', author.token, framing, body);
        expect(response.status).toBe(422);
        expect(response.json()).toEqual({ errors: { article: [expect.any(String)] } });
      });
    });

    it('a body of only white space is still malformed JSON (400)', async () => {
      const user = await registerUser(t);
      const framing: [string, string][] = [['Content-Length', '3']];
      const response = await bodiless('POST', '/api/articles', user.token, framing, '  \n');
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ errors: { body: ['is not valid JSON'] } });
    });
  });

  describe('one trailing slash', () => {
    let user: RegisteredUser;
    let slug: string;

    beforeAll(async () => {
      user = await registerUser(t);
      ({ slug } = await createArticle(t, user.token, { tagList: ['slashes'] }));
    });

    it.each([
      ['/api/tags/', 200],
      ['/api/articles/', 200],
      ['/api/articles/feed/', 200],
      ['/api/user/', 200],
      ['/api/categories/', 200],
      ['/db-status/', 200],
      ['/health/live/', 200],
    ])('GET %s answers as without it', async (path, status) => {
      const response = await t.http().get(path).set('Authorization', `Token ${user.token}`);
      expect(response.status).toBe(status);
      const without = await t
        .http()
        .get(path.slice(0, -1))
        .set('Authorization', `Token ${user.token}`);
      expect(Object.keys(response.body as object)).toEqual(Object.keys(without.body as object));
    });

    it.each([(s: string) => `/api/articles/${s}/`, (s: string) => `/api/articles/${s}/comments/`])(
      'GET %p of an article answers as without it',
      async (path) => {
        const response = await t.http().get(path(slug)).expect(200);
        const without = await t.http().get(path(slug).slice(0, -1)).expect(200);
        expect(response.body).toEqual(without.body);
      },
    );

    it('a whole publish flow: register, log in, publish, read, comment, favorite', async () => {
      const suffix = Date.now().toString(36);
      const registered = await t
        .http()
        .post('/api/users/')
        .send({
          user: {
            username: `slash_${suffix}`,
            email: `slash_${suffix}@example.test`,
            password: `password-${suffix}`,
          },
        })
        .expect(201);
      expect((registered.body as { user: { username: string } }).user.username).toBe(
        `slash_${suffix}`,
      );
      const login = await t
        .http()
        .post('/api/users/login/')
        .send({ user: { email: `slash_${suffix}@example.test`, password: `password-${suffix}` } })
        .expect(200);
      const token = (login.body as { user: { token: string } }).user.token;
      const auth = ['Authorization', `Token ${token}`] as const;
      const created = await t
        .http()
        .post('/api/articles/')
        .set(...auth)
        .send({ article: { title: `Slashes ${suffix}`, description: 'd', body: 'b' } })
        .expect(201);
      const newSlug = (created.body as { article: { slug: string } }).article.slug;
      const read = await t.http().get(`/api/articles/${newSlug}/`).expect(200);
      expect(read.body).toMatchObject({ article: { slug: newSlug, title: `Slashes ${suffix}` } });
      await t
        .http()
        .post(`/api/articles/${newSlug}/comments/`)
        .set(...auth)
        .send({ comment: { body: 'Nice' } })
        .expect(201);
      await t
        .http()
        .post(`/api/articles/${slug}/favorite/`)
        .set(...auth)
        .expect(200);
      await t
        .http()
        .put('/api/user/')
        .set(...auth)
        .send({ user: { bio: 'slashes' } })
        .expect(200);
    });

    // A base URL configured with a slash at its end (`http://host/` + `/api/tags`, `…/api/` +
    // `/articles`) doubles one; the router folds runs of slashes as nginx's merge_slashes does.
    it.each(['//api/tags', '/api//tags', '/api/tags//', '//api//articles//'])(
      'GET %s answers as with single slashes',
      async (path) => {
        const response = await t.http().get(path).set('Authorization', `Token ${user.token}`);
        expect(response.status).toBe(200);
        const single = path.replace(/\/+/g, '/').replace(/\/$/, '');
        const expected = await t.http().get(single).set('Authorization', `Token ${user.token}`);
        expect(Object.keys(response.body as object)).toEqual(Object.keys(expected.body as object));
      },
    );

    it('a favorite posted with a doubled slash lands on the article', async () => {
      const reader = await registerUser(t);
      await t
        .http()
        .post(`/api//articles/${slug}//favorite`)
        .set('Authorization', `Token ${reader.token}`)
        .set('Content-Type', 'application/json')
        .expect(200);
      const read = await t
        .http()
        .get(`/api/articles/${slug}`)
        .set('Authorization', `Token ${reader.token}`)
        .expect(200);
      expect((read.body as { article: { favorited: boolean } }).article.favorited).toBe(true);
    });
  });

  describe('a method the path has no route for', () => {
    it.each([
      ['DELETE', '/api/tags', 'GET, HEAD, OPTIONS'],
      ['PATCH', '/api/articles/some-slug', 'DELETE, GET, HEAD, OPTIONS, PUT'],
      ['PUT', '/api/articles/', 'GET, HEAD, OPTIONS, POST'],
      ['GET', '/api/users', 'OPTIONS, POST'],
      ['POST', '/rss.xml', 'GET, HEAD, OPTIONS'],
    ])('%s %s: 405 with Allow, in the API shape', async (method, path, allow) => {
      const response = await t.http()[method.toLowerCase() as 'get'](path);
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.body).toEqual({
        errors: { method: [`is not allowed here (allowed: ${allow})`] },
      });
    });

    it.each([
      ['/api/tags', 'GET, HEAD, OPTIONS'],
      ['/api/articles/some-slug/', 'DELETE, GET, HEAD, OPTIONS, PUT'],
      ['/api/users', 'OPTIONS, POST'],
    ])('a plain OPTIONS %s (no CORS preflight): 204 with Allow', async (path, allow) => {
      const response = await t.http().options(path);
      expect(response.status).toBe(204);
      expect(response.headers.allow).toBe(allow);
      expect(response.text).toBe('');
    });

    it('a path with no route at all stays a 404', async () => {
      for (const [method, path] of [
        ['POST', '/api/no-such-thing'],
        ['GET', '/api/articles/a/b/c'],
        ['OPTIONS', '/api/no-such-thing'],
      ] as const) {
        const response = await t.http()[method.toLowerCase() as 'get'](path);
        expect([path, response.status]).toEqual([path, 404]);
        expect(response.headers.allow).toBeUndefined();
      }
    });
  });

  describe('requests the router or the HTTP parser refuse', () => {
    it('a malformed percent-escape: 400 with the shape, the headers, an id and a log line', async () => {
      const response = await rawRequest(port, { method: 'GET', path: '/api/articles/%E0%A4%A' });
      expectApiAnswer(response, 400, 'url');
    });

    it('a 30,000-character URL: 414', async () => {
      const response = await rawRequest(port, {
        method: 'GET',
        path: `/api/articles?tag=${'a'.repeat(30_000)}`,
      });
      expectApiAnswer(response, 414, 'url');
    });

    it('a 32 KiB header: 431', async () => {
      const response = await rawRequest(port, {
        method: 'GET',
        path: '/api/tags',
        headers: [['X-Padding', 'p'.repeat(32 * 1024)]],
      });
      expectApiAnswer(response, 431, 'headers');
    });

    it('bytes that are not HTTP: 400', async () => {
      const response = await sendRaw(
        port,
        Buffer.from('GET /api/tags HTTP/1.1\r\nBad Header\r\n\r\n'),
      );
      expectApiAnswer(response, 400, 'request');
    });

    it('the connection still serves the next client', async () => {
      const response = await rawRequest(port, { method: 'GET', path: '/api/tags' });
      expect(response.status).toBe(200);
    });
  });

  describe('long paths', () => {
    it('a 1,001-character slug is a 414, as the README says', async () => {
      const response = await rawRequest(port, {
        method: 'GET',
        path: `/api/articles/${'a'.repeat(1001)}`,
      });
      expectApiAnswer(response, 414, 'url');
      expect(response.json()).toEqual({ errors: { url: ['is too long'] } });
    });

    it('an error message never echoes more than a short prefix of the path', async () => {
      const path = `/api/no-such-route/${'x'.repeat(900)}`;
      const response = await t.http().get(path).expect(404);
      const [message] = (response.body as { errors: { route: string[] } }).errors.route;
      expect(message.startsWith('Cannot GET /api/no-such-route/xxx')).toBe(true);
      expect(message.length).toBeLessThanOrEqual(120);
    });
  });

  describe('text encodings', () => {
    let user: RegisteredUser;

    beforeAll(async () => {
      user = await registerUser(t);
    });

    function postArticle(
      contentType: string,
      body: Buffer,
      more: [string, string][] = [],
    ): Promise<RawResponse> {
      return rawRequest(port, {
        method: 'POST',
        path: '/api/articles',
        headers: [
          ['Content-Type', contentType],
          ['Content-Length', String(body.length)],
          ['Authorization', `Token ${user.token}`],
          ...more,
        ],
        body,
      });
    }

    async function articlesTitled(title: string): Promise<number> {
      const rows = await t.dataSource.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM articles WHERE title = $1',
        [title],
      );
      return Number(rows[0].n);
    }

    const json = (title: string) =>
      JSON.stringify({ article: { title, description: 'd', body: 'b' } });

    it('a charset other than UTF-8 is refused (415), not read as UTF-8', async () => {
      const response = await postArticle(
        'application/json; charset=iso-8859-1',
        Buffer.from(json('Café latin'), 'latin1'),
      );
      expect(response.status).toBe(415);
      expect(response.json()).toEqual({ errors: { body: [expect.stringMatching(/UTF-8/)] } });
      expect(logs.ofRequest(response.headers['x-request-id'])).toMatchObject({
        res: { statusCode: 415 },
      });
      expect(await articlesTitled('Caf\uFFFD latin')).toBe(0);
    });

    it('a compressed body is a 415 saying so, not bytes read as text', async () => {
      const response = await postArticle(
        'application/json',
        gzipSync(Buffer.from(json('Squeezed'), 'utf8')),
        [['Content-Encoding', 'gzip']],
      );
      expect([response.status, response.json()]).toEqual([
        415,
        { errors: { body: ['must not be compressed (Content-Encoding)'] } },
      ]);
      const plain = await postArticle('application/json', Buffer.from(json('Unsqueezed')), [
        ['Content-Encoding', 'identity'],
      ]);
      expect(plain.status).toBe(201);
    });

    it.each(['application/json; charset=utf-8', 'application/json; charset="UTF-8"'])(
      '%s is read',
      async (type) => {
        const title = `Café ${type.length} ✓`;
        const response = await postArticle(type, Buffer.from(json(title), 'utf8'));
        expect(response.status).toBe(201);
        expect(await articlesTitled(title)).toBe(1);
      },
    );

    it('bytes that are not UTF-8 are a 400, not U+FFFD stored', async () => {
      const bytes = Buffer.from(json('Bad XX bytes'), 'utf8');
      bytes.write('\xff\xfe', bytes.indexOf('XX'), 'latin1');
      const response = await postArticle('application/json', bytes);
      expect(response.status).toBe(400);
      expect(response.json()).toEqual({ errors: { body: ['is not valid UTF-8'] } });
      expect(await articlesTitled('Bad \uFFFD\uFFFD bytes')).toBe(0);
    });
  });
});

/**
 * What the RealWorld frontends send back: the Angular editor posts its form with the article's slug,
 * the Vue one starts a new article as `{ author: {}, ... }` and saves an edit by sending the whole
 * article it fetched; settings pages send the whole user, token included. Fields of Folio's own
 * answers are ignored; a field it never answers with is still refused.
 */
describe('editors that send back what they fetched', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp(FAST_AUTH_ENV);
    user = await registerUser(t);
  });

  afterAll(async () => {
    await t.close();
  });

  /** The errors of a 422. */
  async function refused(
    request: Promise<{ status: number; body: unknown }>,
  ): Promise<Record<string, string[]>> {
    const response = await request;
    expect(response.status).toBe(422);
    return (response.body as { errors: Record<string, string[]> }).errors;
  }

  it('the Vue editor: a new article with an empty author, then the fetched article sent back edited', async () => {
    const created = await t
      .as(user.token)
      .post('/api/articles')
      .send({
        article: { author: {}, title: 'From Vue', description: 'd', body: 'b', tagList: ['x'] },
      })
      .expect(201);
    const { article } = created.body as { article: Record<string, unknown> };
    expect(article.title).toBe('From Vue');

    const fetched = await t
      .as(user.token)
      .get(`/api/articles/${String(article.slug)}`)
      .expect(200);
    const whole = (fetched.body as { article: Record<string, unknown> }).article;
    const edited = await t
      .as(user.token)
      .put(`/api/articles/${String(article.slug)}`)
      .send({ article: { ...whole, body: 'Edited in Vue', favoritesCount: 99, favorited: true } })
      .expect(200);
    expect(edited.body.article).toMatchObject({
      slug: article.slug,
      body: 'Edited in Vue',
      favoritesCount: 0,
      favorited: false,
      author: { username: user.username },
      createdAt: whole.createdAt,
    });
  });

  it('the Angular editor: the article it fetched, slug included, with the form merged in', async () => {
    // Its editor keeps the fetched article and PUTs it back with the form's values over it.
    const slug = (await createArticle(t, user.token, { title: 'From Angular' })).slug;
    const put = (article: object) =>
      t.as(user.token).put(`/api/articles/${slug}`).send({ article });
    const fields = { title: 'From Angular', description: 'd', tagList: [], slug };
    const edited = await put({ ...fields, body: 'edited' }).expect(200);
    expect(edited.body.article).toMatchObject({ slug, body: 'edited', tagList: [] });
    // The slug it sends back is no choice: a new title still gives the article a new one.
    const renamed = await put({ ...fields, title: 'Renamed In Angular', body: 'edited' }).expect(
      200,
    );
    expect(renamed.body.article.slug).toBe('renamed-in-angular');
  });

  it('a settings page sending the whole user, token and role included, changes only what it may', async () => {
    const fetched = await t.as(user.token).get('/api/user').expect(200);
    const whole = (fetched.body as { user: Record<string, unknown> }).user;
    const response = await t
      .as(user.token)
      .put('/api/user')
      .send({
        user: {
          ...whole,
          bio: 'Set from the settings page',
          role: 'administrator',
          isSuperuser: true,
        },
      })
      .expect(200);
    expect(response.body.user).toMatchObject({
      bio: 'Set from the settings page',
      role: null,
      isSuperuser: false,
      token: whole.token,
    });
    await t.as(user.token).get('/api/admin/users').expect(403);
  });

  it.each([
    // Angular's settings page: its form's value, the image as fetched.
    ['Angular', (u: { username: string; email: string }) => ({ ...u, image: '', bio: 'A' })],
    // Svelte's (sveltejs/realworld): the form data, every box as typed, bio and image empty.
    ['Svelte', (u: { username: string; email: string }) => ({ ...u, bio: '', image: '' })],
  ])(
    'the %s settings page: the whole form, its password box left empty, changes no password',
    async (_client, form) => {
      // Another session of the same user: a new password would sign it out.
      const other = await t
        .http()
        .post('/api/users/login')
        .send({ user: { email: user.email, password: user.password } })
        .expect(200);
      const { username, email } = user;
      await t
        .as(user.token)
        .put('/api/user')
        .send({ user: { ...form({ username, email }), password: '' } })
        .expect(200);
      await t
        .as(other.body.user.token as string)
        .get('/api/user')
        .expect(200);
      await t
        .http()
        .post('/api/users/login')
        .send({ user: { email, password: user.password } })
        .expect(200);
    },
  );

  it('an empty password sent alone is still refused (RealWorld suite, errors-auth)', async () => {
    const errors = await refused(
      t
        .as(user.token)
        .put('/api/user')
        .send({ user: { password: '' } }),
    );
    expect(errors).toEqual({ password: ["can't be blank"] });
  });

  it('errors read as RealWorld clients print them, after the field name, and say what is wrong', async () => {
    // A sign-in form sent without its password (RealWorld's login has no length rules).
    expect(
      await refused(
        t
          .http()
          .post('/api/users/login')
          .send({ user: { email: 'jake@jake.jake' } }),
      ),
    ).toEqual({ password: ["can't be blank"] });
    expect(await refused(t.http().post('/api/users/login').send({ user: {} }))).toEqual({
      email: ["can't be blank"],
      password: ["can't be blank"],
    });
    expect(await refused(t.http().post('/api/auth/forgot-password').send({}))).toEqual({
      email: ["can't be blank"],
    });
    // An editor's too-long title and too many tags.
    expect(
      await refused(
        t
          .as(user.token)
          .post('/api/articles')
          .send({ article: { title: 'x'.repeat(256), description: 'd', body: 'b' } }),
      ),
    ).toEqual({ title: ['is too long (maximum is 255 characters)'] });
    const tags = Array.from({ length: 21 }, (_, i) => `tag${i}`);
    expect(
      await refused(
        t
          .as(user.token)
          .post('/api/articles')
          .send({ article: { title: 't', description: 'd', body: 'b', tagList: tags } }),
      ),
    ).toEqual({ tagList: ['has too many items (maximum is 20)'] });
    // A filter given twice in the query string, and one too long.
    expect(await refused(t.http().get('/api/articles?tag=cats&tag=pets'))).toEqual({
      tag: ['must be a single value, not a list'],
    });
    expect(await refused(t.http().get(`/api/articles?q=${'w'.repeat(201)}`))).toEqual({
      q: ['is too long (maximum is 200 characters)'],
    });
  });

  it('a NUL character, which PostgreSQL cannot store, is refused on the field that holds it', async () => {
    const message = ['must not contain a NUL character'];
    expect(await refused(t.http().get('/api/articles?q=%00'))).toEqual({ q: message });
    expect(await refused(t.http().get('/api/profiles/a%00b'))).toEqual({ username: message });
    expect(await refused(t.http().get('/api/articles/a%00b'))).toEqual({ slug: message });
    expect(
      await refused(
        t
          .as(user.token)
          .post('/api/articles')
          .send({
            article: { title: 'a\u0000b', description: 'd', body: 'b', tagList: ['x\u0000'] },
          }),
      ),
    ).toEqual({ title: message });
    expect(
      await refused(
        t
          .http()
          .post('/api/users/login')
          .send({ user: { email: 'jake\u0000@jake.jake', password: 'whatever-it-is' } }),
      ),
    ).toEqual({ email: message });
  });

  it('a field Folio never answers with is still refused', async () => {
    const response = await t
      .as(user.token)
      .post('/api/articles')
      .send({ article: { title: 't', description: 'd', body: 'b', titel: 'typo' } })
      .expect(422);
    expect(response.body).toEqual({ errors: { titel: ['is not allowed'] } });
  });

  it('a body that is a list or a bare value, not an object, is said once (no fields named 0 and 1)', async () => {
    for (const body of ['[1,2]', '[]', '"text"', '7', 'true']) {
      const response = await t
        .as(user.token)
        .post('/api/articles')
        .set('Content-Type', 'application/json')
        .send(body)
        .expect(422);
      expect([body, response.body]).toEqual([
        body,
        { errors: { body: ['must be a JSON object'] } },
      ]);
    }
    // No body at all is still RealWorld's missing wrapper.
    await t
      .as(user.token)
      .post('/api/articles')
      .expect(422, { errors: { article: ["can't be blank"] } });
  });
});

describe('booting the app', () => {
  it('emits no Fastify warning (deprecated options, an error handler set twice)', async () => {
    // Jest gives each test file its own `process` object: its 'warning' listeners never hear what
    // Node emits, so the warnings are caught where Fastify raises them.
    const emitWarning = jest.spyOn(process, 'emitWarning');
    try {
      const t = await createTestApp({}, { fixtures: true });
      await t.close();
      const warnings = emitWarning.mock.calls.map(([warning]) =>
        warning instanceof Error
          ? `${(warning as { code?: string }).code} ${warning.message}`
          : warning,
      );
      expect(warnings).toEqual([]);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
