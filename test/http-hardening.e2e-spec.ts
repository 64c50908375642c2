import { useTestApp } from './support/test-app';

const API_ERROR = { errors: expect.any(Object) as unknown };

describe('HTTP hardening', () => {
  const t = useTestApp(
    { CORS_ORIGINS: 'https://app.example.com,http://localhost:*' },
    { fixtures: true },
  );

  describe('security headers (helmet)', () => {
    it('are on answers, errors included', async () => {
      for (const path of ['/db-status', '/api/no-such-route']) {
        const response = await t.http().get(path);
        expect(response.headers).toMatchObject({
          'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'strict-transport-security': expect.stringContaining('max-age='),
        });
        expect(response.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('CORS', () => {
    it('answers a preflight from an allowed origin, with Authorization allowed', async () => {
      const response = await t
        .http()
        .options('/api/fixture/gadgets')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type');
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(response.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(response.headers['access-control-allow-methods']).toMatch(/DELETE/);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('lets a cross-origin client revalidate what it keeps: If-None-Match allowed, ETag readable', async () => {
      const preflight = await t
        .http()
        .options('/api/tags')
        .set('Origin', 'https://app.example.com')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'if-none-match,if-modified-since');
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/If-None-Match/);
      expect(preflight.headers['access-control-allow-headers']).toMatch(/If-Modified-Since/);
      const read = await t.http().get('/api/tags').set('Origin', 'https://app.example.com');
      expect(read.headers.etag).toBeDefined();
      expect(read.headers['access-control-expose-headers']).toMatch(/\bETag\b/);
    });

    it("answers an allowed origin's OPTIONS that is no preflight with 204, not a plain-text 400", async () => {
      const response = await t.http().options('/api/tags').set('Origin', 'https://app.example.com');
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe('https://app.example.com');
    });

    it('allows any port of an origin listed as host:*', async () => {
      const response = await t.http().get('/db-status').set('Origin', 'http://localhost:5173');
      expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(response.headers['access-control-expose-headers']).toMatch(/X-Request-Id/);
    });

    it.each([
      'https://evil.example.com',
      'https://app.example.com.evil.com',
      'http://localhost.evil:80',
      'null',
    ])('gives no CORS grant to %s', async (origin) => {
      const response = await t.http().get('/db-status').set('Origin', origin);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('bodies', () => {
    const post = () => t.http().post('/api/fixture/gadgets');

    it('a body over 1 MiB is a 413 in the API error shape', async () => {
      const response = await post()
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ serialNumber: 'x'.repeat(1024 * 1024 + 10) }));
      expect(response.status).toBe(413);
      expect(response.body).toEqual({ errors: { body: ['is too large'] } });
    });

    it.each([
      ['{"serialNumber": ', 'truncated', 'is not valid JSON'],
      ['{serialNumber: 1}', 'unquoted key', 'is not valid JSON'],
      [
        '{"__proto__": {"x": 1}, "serialNumber": "a"}',
        'prototype poisoning',
        'must not hold a __proto__ or constructor.prototype key',
      ],
      [
        '{"constructor": {"prototype": {"x": 1}}}',
        'constructor poisoning',
        'must not hold a __proto__ or constructor.prototype key',
      ],
    ])('a refused body (%s) is a 400 in the API error shape (%s)', async (body, _why, message) => {
      const response = await post().set('Content-Type', 'application/json').send(body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: { body: [message] } });
    });

    it.each([
      [`{"serialNumber": ${'['.repeat(5000)}${']'.repeat(5000)}}`, 'is nested too deeply'],
      ['{"serialNumber": "\\ud800"}', 'holds text that is not valid Unicode'],
      ['{"serialNumber": "a", "\\udfff": 1}', 'holds text that is not valid Unicode'],
    ])(
      'a body that no route can take (%#) is a 400 in the API error shape',
      async (body, message) => {
        const response = await post().set('Content-Type', 'application/json').send(body);
        expect(response.status).toBe(400);
        expect(response.body).toEqual({ errors: { body: [message] } });
      },
    );

    it('a well-formed emoji pair is fine', async () => {
      await post()
        .set('Content-Type', 'application/json')
        .send('{"serialNumber": "\\ud83d\\ude00"}')
        .expect(201);
    });

    it.each([
      ['text/plain', '{"serialNumber":"T-1"}'],
      ['application/x-www-form-urlencoded', 'serialNumber=T-2'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--',
      ],
      ['application/xml', '<gadget/>'],
    ])('a %s body is a 415 in the API error shape, and nothing is stored', async (type, body) => {
      const response = await post().set('Content-Type', type).send(body);
      expect(response.status).toBe(415);
      expect(response.body).toEqual({ errors: { body: ['has an unsupported content type'] } });
      const stored = await t.dataSource.query<{ n: string }[]>(
        `SELECT count(*) AS n FROM gadgets WHERE serial_number IN ('T-1', 'T-2')`,
      );
      expect(stored[0].n).toBe('0');
    });

    it('a body with no content type is a 415', async () => {
      const response = await post().set('Content-Type', '').send('{"serialNumber":"T-3"}');
      expect(response.status).toBe(415);
      expect(response.body).toEqual(API_ERROR);
    });

    it('JSON with a charset is accepted', async () => {
      const response = await post()
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{"serialNumber":"T-4"}');
      expect(response.status).toBe(201);
    });
  });

  describe('paths', () => {
    it('a path parameter over 1000 characters is a 414 in the API error shape', async () => {
      const response = await t.http().get(`/api/fixture/gadgets/${'9'.repeat(1001)}`);
      expect(response.status).toBe(414);
      expect(response.body).toEqual({ errors: { url: ['is too long'] } });
    });

    it('a 210-character slug (the longest an article gets) is routed', async () => {
      const response = await t.http().get(`/api/fixture/gadgets/${'1'.repeat(210)}`);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: { request: [expect.any(String)] } });
    });

    it('a malformed escape in the path is a 400 in the API error shape', async () => {
      const response = await t.http().get('/api/fixture/gadgets/%E0%A4%A');
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ errors: { url: ['is not a valid URL'] } });
    });
  });

  describe('request ids', () => {
    it('every answer has one, a fresh UUID per request', async () => {
      const [a, b] = await Promise.all([t.http().get('/db-status'), t.http().get('/db-status')]);
      expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(b.headers['x-request-id']).not.toBe(a.headers['x-request-id']);
    });

    it("keeps a caller's plain id, replaces a hostile one", async () => {
      const kept = await t.http().get('/db-status').set('X-Request-Id', 'trace-42.a:b');
      expect(kept.headers['x-request-id']).toBe('trace-42.a:b');
      const replaced = await t.http().get('/db-status').set('X-Request-Id', '<script>x</script>');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('errors raised before a route runs carry one too', async () => {
      const response = await t
        .http()
        .post('/api/fixture/gadgets')
        .set('Content-Type', 'text/plain')
        .send('x');
      expect(response.status).toBe(415);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});
