import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SITE_ROUTES_FILE, SiteRoutes } from './site-routes';

describe('SiteRoutes', () => {
  const routes = SiteRoutes.fromPatterns([
    '/',
    '/article/:slug',
    '/profile/:username/favorites',
    '/verify-email',
  ]);

  // The addresses the client router shows a page for, and others; each its own case, so a failure names it.
  it.each([
    ['/', true],
    ['/?q=word', true],
    ['/article/some-slug', true],
    ['/article/some%20slug?x=1', true],
    ['/article/some-slug/', true],
    ['/Article/Some-Slug', true],
    ['/profile/ann/favorites', true],
    ['/verify-email?token=abc', true],
    ['/nope', false],
    ['/article', false],
    ['/article/', false],
    ['/article/a/b', false],
    ['/profile/ann', false],
    ['/verify-emailx', false],
    ['//', false],
  ])('%s is a site page: %s', (url, page) => {
    expect(routes.has(url)).toBe(page);
  });

  it('refuses patterns it cannot match like the client does', () => {
    expect(() => SiteRoutes.fromPatterns(['/:catchAll(.*)*'])).toThrow(/cannot match/);
    expect(() => SiteRoutes.fromPatterns(['/profile/:name?'])).toThrow(/cannot match/);
  });

  describe('load', () => {
    let root: string;
    beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'folio-routes-'))));
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('reads the list the build wrote', () => {
      writeFileSync(join(root, SITE_ROUTES_FILE), JSON.stringify({ patterns: ['/login'] }));
      const loaded = SiteRoutes.load(root);
      expect(loaded?.has('/login')).toBe(true);
      expect(loaded?.has('/logout')).toBe(false);
    });

    it('is undefined for a build without the list, and fails on a broken one', () => {
      expect(SiteRoutes.load(root)).toBeUndefined();
      writeFileSync(join(root, SITE_ROUTES_FILE), JSON.stringify({ routes: '/login' }));
      expect(() => SiteRoutes.load(root)).toThrow(/no list of route patterns/);
    });
  });
});
