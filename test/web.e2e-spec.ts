import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { configureApp, createHttpAdapter } from '../src/configure-app';
import { WEB_ROOT } from '../src/modules/web/web.module';
import { createTestDatabase, TestDatabase } from './support/test-app';

const INDEX = '<!doctype html><title>Folio</title><div id="q-app"></div>';

async function boot(root: string | undefined, database: TestDatabase) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.register({ config: loadConfig({ NODE_ENV: 'test' }), databaseUrl: database.url }),
    ],
  })
    .overrideProvider(WEB_ROOT)
    .useValue(root)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    logger: ['error', 'warn'],
  });
  configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

describe('web site serving', () => {
  let database: TestDatabase;
  let site: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    site = mkdtempSync(join(tmpdir(), 'folio-web-'));
    mkdirSync(join(site, 'assets'));
    writeFileSync(join(site, 'index.html'), INDEX);
    writeFileSync(join(site, 'assets', 'app-1234.js'), 'console.log("folio")');
  });

  afterAll(async () => {
    rmSync(site, { recursive: true, force: true });
    await database.drop();
  });

  describe('with a built site', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await boot(site, database);
    });
    afterAll(() => app.close());

    it('serves index.html at / and for client routes', async () => {
      for (const path of ['/', '/article/some-slug', '/settings?tab=1']) {
        const res = await request(app.getHttpServer()).get(path).expect(200);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.text).toBe(INDEX);
        expect(res.headers['cache-control']).toBe('no-cache');
      }
    });

    it('serves built assets with a long cache', async () => {
      const res = await request(app.getHttpServer()).get('/assets/app-1234.js').expect(200);
      expect(res.text).toBe('console.log("folio")');
      expect(res.headers['cache-control']).toContain('immutable');
    });

    it('keeps unknown /api paths a JSON 404 in the API error shape', async () => {
      for (const path of ['/api/nope', '/api', '/health/nope']) {
        const res = await request(app.getHttpServer()).get(path).expect(404);
        expect(res.body).toEqual({ errors: expect.any(Object) });
      }
    });

    it('keeps the probes and non-GET methods to the API', async () => {
      await request(app.getHttpServer()).get('/health/live').expect(200);
      const res = await request(app.getHttpServer()).post('/somewhere').expect(404);
      expect(res.body).toEqual({ errors: expect.any(Object) });
    });
  });

  describe('without a built site', () => {
    let app: NestFastifyApplication;
    beforeAll(async () => {
      app = await boot(undefined, database);
    });
    afterAll(() => app.close());

    it('runs the API alone and answers / with a JSON 404', async () => {
      await request(app.getHttpServer()).get('/health/live').expect(200);
      const res = await request(app.getHttpServer()).get('/').expect(404);
      expect(res.body).toEqual({ errors: expect.any(Object) });
    });
  });
});
