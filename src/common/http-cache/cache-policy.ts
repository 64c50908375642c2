import type { HttpCacheConfig } from '../../config/http-cache-config';

/**
 * How a read may be cached. `public`, `feed` and `sitemap` are the same for every anonymous reader
 * (a CDN may keep them, each kind for its own max-age); `private` depends on the reader (a browser
 * keeps it and asks again each time).
 */
export type CachePolicy = 'public' | 'feed' | 'sitemap' | 'private';

/** The policy of each GET route, by the path Fastify registered (`/api/articles/:slug`). */
export type CachePolicies = ReadonlyMap<string, CachePolicy>;

/** Writes, errors, and reads not listed (accounts, admin, probes, metrics): kept nowhere. */
export const NO_STORE = 'no-store';

/** What depends on the reader: a browser may keep it but must ask again (an ETag makes that a 304). */
export const PRIVATE = 'private, no-cache';

function sharedCacheControl(maxAge: number, staleWhileRevalidate: number): string {
  // max-age=0 turns public caching off: caches may keep a copy but must ask before each use.
  if (maxAge === 0) return 'no-cache';
  const stale = staleWhileRevalidate > 0 ? `, stale-while-revalidate=${staleWhileRevalidate}` : '';
  return `public, max-age=${maxAge}${stale}`;
}

/**
 * The API's anonymous reads: shared caches (a CDN, nginx) may keep them for `maxAge`; a browser must ask
 * again each time (a 304 when nothing changed). RealWorld clients read with fetch() and some send their
 * token only on writes: a browser copy kept for seconds showed them their list without the article they
 * had just written. No stale-while-revalidate either: a browser would answer once with its old copy.
 */
function apiCacheControl(maxAge: number): string {
  return maxAge === 0 ? 'no-cache' : `public, max-age=0, s-maxage=${maxAge}`;
}

/** Each policy's Cache-Control for an anonymous reader, built once from the settings. */
export function cacheControlValues(config: HttpCacheConfig): Record<CachePolicy, string> {
  const swr = config.staleWhileRevalidate;
  return {
    public: apiCacheControl(config.maxAge),
    feed: sharedCacheControl(config.feedMaxAge, swr),
    sitemap: sharedCacheControl(config.sitemapMaxAge, swr),
    private: PRIVATE,
  };
}
