import type { CachePolicies, CachePolicy } from './common/http-cache/cache-policy';
import { feedPaths, SITEMAP_PATHS, SUBJECT_BASES } from './modules/syndication/syndication-routes';

/**
 * The GET routes whose answers may be kept, and how (README, "HTTP caching"): every other GET is
 * no-store (accounts, admin, webhooks, the dev outbox, probes, metrics), so a new route is kept
 * nowhere until it is listed here. Paths as Fastify registers them.
 */
const ROUTES: [CachePolicy, string[]][] = [
  [
    'public',
    [
      '/api/articles',
      '/api/articles/:slug',
      '/api/articles/:slug/comments',
      '/api/tags',
      '/api/categories',
      '/api/pages',
      '/api/pages/:slug',
      '/api/profiles/:username',
      '/api/site',
    ],
  ],
  ['feed', SUBJECT_BASES.flatMap(feedPaths).map((path) => `/${path}`)],
  ['sitemap', [...SITEMAP_PATHS, 'robots.txt'].map((path) => `/${path}`)],
  // Only ever the reader's own: the feed of the authors they follow, their uploads.
  ['private', ['/api/articles/feed', '/api/media', '/api/media/:id']],
];

export const HTTP_CACHE_ROUTES: CachePolicies = new Map(
  ROUTES.flatMap(([policy, paths]) => paths.map((path) => [path, policy] as const)),
);
