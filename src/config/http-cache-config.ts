import type { EnvReader } from './env-reader';

/** A day: a write cannot purge what a CDN or a browser keeps, so no read is kept longer. */
const MAX_SECONDS = 86_400;

/** How long shared caches and browsers may keep anonymous reads (seconds; 0 turns public caching off). */
export interface HttpCacheConfig {
  /** API reads: article lists, an article, comments, tags, categories, profiles. */
  maxAge: number;
  /** Feeds: readers poll every few minutes to hours. */
  feedMaxAge: number;
  /** The sitemap and robots.txt: crawlers read them seldom, and a sitemap child is expensive to build. */
  sitemapMaxAge: number;
  /** How long past max-age a cache may answer with its stale copy while it fetches a new one. */
  staleWhileRevalidate: number;
  /**
   * Bytes of anonymous answers (an article, its comments) each instance keeps in memory, dropped at
   * every change (AnswerCache); 0 keeps none. Off by default in tests, which write behind the app's back.
   */
  answerCacheBytes: number;
}

export function loadHttpCacheConfig(read: EnvReader, nodeEnv: string): HttpCacheConfig {
  const answerCacheMb = read.integer('ANSWER_CACHE_MB', nodeEnv === 'test' ? 0 : 32, 0, 4096);
  return {
    answerCacheBytes: answerCacheMb * 1024 * 1024,
    maxAge: read.integer('HTTP_CACHE_MAX_AGE', 10, 0, MAX_SECONDS),
    feedMaxAge: read.integer('HTTP_CACHE_FEED_MAX_AGE', 300, 0, MAX_SECONDS),
    sitemapMaxAge: read.integer('HTTP_CACHE_SITEMAP_MAX_AGE', 3600, 0, MAX_SECONDS),
    staleWhileRevalidate: read.integer('HTTP_CACHE_STALE_WHILE_REVALIDATE', 30, 0, MAX_SECONDS),
  };
}
