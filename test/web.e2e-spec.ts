import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { get, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { bootWithSite } from './support/built-site';
import { createTestDatabase, TestDatabase } from './support/test-app';

const INDEX = '<!doctype html><title>Folio</title><div id="q-app"></div>';
const SCRIPT = `console.log(${JSON.stringify('folio '.repeat(200))})`;
/** What the site's build writes: its route patterns, and .br/.gz beside each text file. */
const ROUTES = { patterns: ['/', '/article/:slug', '/settings', '/profile/:username/favorites'] };
/**
 * Addresses that ROUTES match, and some that look close but match none of its patterns. The home and
 * article pages get a head of their own: pages.e2e-spec.ts.
 */
const SITE_ADDRESSES = ['/settings', '/settings?tab=1', '/settings/', '/profile/ann/favorites'];
const OTHER_ADDRESSES = ['/no/such/page', '/article', '/article/a/b', '/humans.txt', '/settingsx'];
/** What Chromium sends for a page and for a script. */
const BROWSER_ENCODINGS = 'gzip, deflate, br, zstd';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The app serving the site in `root`, listening on a port of its own (raw HTTP requests need one). */
async function boot(root: string | undefined, database: TestDatabase) {
  const { app } = await bootWithSite(database, root);
  await app.listen(0, '127.0.0.1');
  return app;
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET that keeps the bytes as sent (supertest and fetch would decompress them). */
function rawGet(
  app: NestFastifyApplication,
  path: string,
  headers: Record<string, string>,
): Promise<RawResponse> {
  const { port } = app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

function writeCompressed(path: string, text: string): void {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text));
  writeFileSync(`${path}.gz`, gzipSync(text));
}

describe('web site serving', () => {
  let database: TestDatabase;
  let site: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    site = mkdtempSync(join(tmpdir(), 'folio-web-'));
    mkdirSync(join(site, 'assets'));
    writeCompressed(join(site, 'index.html'), INDEX);
    writeCompressed(join(site, 'assets', 'app-1234.js'), SCRIPT);
    writeFileSync(join(site, 'routes.json'), JSON.stringify(ROUTES));
  });

  afterAll(async () => {
    rmSync(site, { recursive: true, force: true });
    await database.drop();
  });

  /** The app for the enclosing describe, booted once serving the folder `root()` names (none: no site). */
  function useBootedApp(root: () => string | undefined) {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await boot(root(), database);
    });
    afterAll(() => app.close());
    return {
      get app() {
        return app;
      },
    };
  }

  describe('with a built site', () => {
    const web = useBootedApp(() => site);

    it('serves index.html with 200 at / and at the site routes', async () => {
      for (const path of SITE_ADDRESSES) {
        const res = await request(web.app.getHttpServer()).get(path);
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toBe(INDEX);
        expect(res.headers['cache-control']).toBe('no-cache');
      }
    });

    it('answers any other address with 404 and the same page, whose router shows not-found', async () => {
      for (const path of OTHER_ADDRESSES) {
        const res = await request(web.app.getHttpServer()).get(path).set('Accept', 'text/html');
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toBe(INDEX);
        expect(res.headers['cache-control']).toBe('no-cache');
      }
    });

    it('sends a hashed asset as brotli, gzip or as it is, cached for a year', async () => {
      const cases: [Record<string, string>, string | undefined, (b: Buffer) => Buffer][] = [
        [{ 'Accept-Encoding': BROWSER_ENCODINGS }, 'br', brotliDecompressSync],
        [{ 'Accept-Encoding': 'br' }, 'br', brotliDecompressSync],
        [{ 'Accept-Encoding': 'gzip, deflate' }, 'gzip', gunzipSync],
        [{ 'Accept-Encoding': 'identity' }, undefined, (b) => b],
        [{}, undefined, (b) => b],
      ];
      for (const [headers, encoding, decode] of cases) {
        const res = await rawGet(web.app, '/assets/app-1234.js', headers);
        const what = JSON.stringify(headers);
        expect([what, res.status, res.headers['content-encoding']]).toEqual([what, 200, encoding]);
        expect(decode(res.body).toString()).toBe(SCRIPT);
        expect(res.headers['content-type']).toMatch(/javascript/);
        expect(res.headers['vary']).toMatch(/accept-encoding/i);
        expect(res.headers['cache-control']).toBe(IMMUTABLE);
      }
      const plain = await rawGet(web.app, '/assets/app-1234.js', {});
      const brotli = await rawGet(web.app, '/assets/app-1234.js', { 'Accept-Encoding': 'br' });
      expect(brotli.body.length).toBeLessThan(plain.body.length / 5);
    });

    it('sends index.html compressed too, never cached without a check', async () => {
      // A missing article is a 404 with the bare shell (its not-found page).
      for (const path of ['/settings', '/article/x', '/no/such/page']) {
        const res = await rawGet(web.app, path, { 'Accept-Encoding': BROWSER_ENCODINGS });
        expect(res.headers['content-encoding']).toBe('br');
        expect(brotliDecompressSync(res.body).toString()).toBe(INDEX);
        expect(res.headers['vary']).toMatch(/accept-encoding/i);
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.status).toBe(path === '/settings' ? 200 : 404);
      }
      const gz = await rawGet(web.app, '/settings', { 'Accept-Encoding': 'gzip' });
      expect([gz.status, gz.headers['content-encoding']]).toEqual([200, 'gzip']);
      expect(gunzipSync(gz.body).toString()).toBe(INDEX);
    });

    it('sends a 404 page whole when a range is asked for (ranges are of 200 answers)', async () => {
      const missing = await rawGet(web.app, '/no/such/page', { Range: 'bytes=0-9' });
      expect([missing.status, missing.body.toString()]).toEqual([404, INDEX]);
      const page = await rawGet(web.app, '/settings', { Range: 'bytes=0-9' });
      expect([page.status, page.body.toString()]).toEqual([206, INDEX.slice(0, 10)]);
    });

    it('does not publish the build files that are not pages or assets', async () => {
      for (const path of ['/assets/app-1234.js.br', '/index.html.gz', '/routes.json']) {
        const res = await request(web.app.getHttpServer()).get(path);
        expect([path, res.status]).toEqual([path, 404]);
      }
    });

    it('keeps unknown /api paths a JSON 404 in the API error shape', async () => {
      for (const path of ['/api/nope', '/api', '/health/nope', '/metrics']) {
        const res = await request(web.app.getHttpServer()).get(path).expect(404);
        expect(res.body).toEqual({ errors: expect.any(Object) });
      }
    });

    it('moves a site address with doubled slashes to the folded one (never off the site)', async () => {
      const cases: [string, string][] = [
        ['//settings', '/settings'],
        ['/article//x?ref=a//b', '/article/x?ref=a//b'],
        ['//evil.example/x', '/evil.example/x'],
      ];
      for (const [path, location] of cases) {
        const res = await request(web.app.getHttpServer()).get(path);
        expect([path, res.status, res.headers['location']]).toEqual([path, 301, location]);
      }
      const asset = await request(web.app.getHttpServer()).get('//assets/app-1234.js');
      expect(asset.status).toBe(200);
      for (const path of ['//api/nope', '/api//nope', '//metrics']) {
        const res = await request(web.app.getHttpServer()).get(path).expect(404);
        expect(res.body).toEqual({ errors: expect.any(Object) });
      }
    });

    it('keeps the probes and non-GET methods to the API', async () => {
      await request(web.app.getHttpServer()).get('/health/live').expect(200);
      const res = await request(web.app.getHttpServer()).post('/somewhere').expect(404);
      expect(res.body).toEqual({ errors: expect.any(Object) });
    });
  });

  describe('without a built site', () => {
    const web = useBootedApp(() => undefined);

    it('runs the API alone and answers / with a JSON 404', async () => {
      await request(web.app.getHttpServer()).get('/health/live').expect(200);
      const res = await request(web.app.getHttpServer()).get('/').expect(404);
      expect(res.body).toEqual({ errors: expect.any(Object) });
    });
  });
});
