import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { Env } from '../../src/config/env-reader';
import { configureApp, createHttpAdapter } from '../../src/configure-app';
import { WEB_ROOT } from '../../src/modules/web/web.module';
import { authHeader } from './auth-factory';
import { TestApp, TestDatabase } from './test-app';

/** index.html as Quasar's build writes it: its title, description, entry script and mount point. */
export const BUILT_INDEX = [
  '<!DOCTYPE html><html lang="en"><head><title>Folio</title><meta charset="utf-8">',
  '<meta name="description" content="Folio — an open blog platform">',
  '<script type="module" crossorigin src="/assets/index-1234.js"></script></head>',
  '<body><div id="q-app"></div></body></html>',
].join('');

/** The routes.json of the web app's build (apps/web/src/router/paths.ts), the pages with heads included. */
const ROUTES = {
  patterns: ['/', '/article/:slug', '/profile/:username', '/tag/:tag', '/category/:slug', '/login'],
};

/** A built site in a temporary folder: its index.html and routes.json. */
export function writeBuiltSite(): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'folio-site-'));
  writeFileSync(join(root, 'index.html'), BUILT_INDEX);
  writeFileSync(join(root, 'routes.json'), JSON.stringify(ROUTES));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** The whole app as main.ts sets it up, serving the site in `root`, on an existing database. */
export async function bootWithSite(
  database: TestDatabase,
  root: string,
  env: Env = {},
): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register({ config, databaseUrl: database.url })],
  })
    .overrideProvider(WEB_ROOT)
    .useValue(root)
    .compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    logger: ['error', 'warn'],
  });
  configureApp(app, config.http);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    dataSource: app.get(DataSource),
    database,
    http: () => request(app.getHttpServer()),
    as: (token) => request.agent(app.getHttpServer()).set(...authHeader(token)),
    close: () => app.close(),
  };
}
