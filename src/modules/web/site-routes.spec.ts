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

  it('matches the site pages as the client router does', () => {
    for (const url of [
      '/',
      '/?q=word',
      '/article/some-slug',
      '/article/some%20slug?x=1',
      '/article/some-slug/',
      '/Article/Some-Slug',
      '/profile/ann/favorites',
      '/verify-email?token=abc',
    ]) {
      expect([url, routes.has(url)]).toEqual([url, true]);
    }
  });

  it('does not match any other address', () => {
    for (const url of [
      '/nope',
      '/article',
      '/article/',
      '/article/a/b',
      '/profile/ann',
      '/verify-emailx',
      '//',
    ]) {
      expect([url, routes.has(url)]).toEqual([url, false]);
    }
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
