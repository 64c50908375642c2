import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Env } from '../../src/config/env-reader';
import { WEB_ROOT } from '../../src/modules/web/web.module';
import { buildApp, TestApp, TestDatabase, testAppOf } from './test-app';

/** index.html as Quasar's build writes it: its title, description, entry script and mount point. */
export const BUILT_INDEX = [
  '<!DOCTYPE html><html lang="en"><head><title>Folio</title><meta charset="utf-8">',
  '<meta name="description" content="Folio — an open blog platform">',
  '<script type="module" crossorigin src="/assets/index-1234.js"></script></head>',
  '<body><div id="q-app"></div></body></html>',
].join('');

/** The routes.json of the web app's build (apps/web/src/router/paths.ts), the pages with heads included. */
const ROUTES = {
  patterns: [
    '/',
    '/article/:slug',
    '/page/:slug',
    '/profile/:username',
    '/tag/:tag',
    '/category/:slug',
    '/login',
  ],
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
  root: string | undefined,
  env: Env = {},
): Promise<TestApp> {
  const app = await buildApp(database.url, env, {
    overrides: [{ provide: WEB_ROOT, useValue: root }],
  });
  return testAppOf(app, database, () => app.close());
}
