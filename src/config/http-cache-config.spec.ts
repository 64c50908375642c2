import { loadConfig } from './app-config';
import { cacheControlValues } from '../common/http-cache/cache-policy';

describe('HTTP caching configuration', () => {
  it('keeps API reads 10 s in shared caches (a browser asks again), feeds 5 min and the sitemap an hour, these stale 30 s more, by default', () => {
    expect(cacheControlValues(loadConfig({}).http.cache)).toEqual({
      public: 'public, max-age=0, s-maxage=10',
      feed: 'public, max-age=300, stale-while-revalidate=30',
      sitemap: 'public, max-age=3600, stale-while-revalidate=30',
      private: 'private, no-cache',
    });
  });

  it('reads the settings; 0 turns public caching or stale answers off', () => {
    const config = loadConfig({
      HTTP_CACHE_MAX_AGE: '0',
      HTTP_CACHE_FEED_MAX_AGE: '60',
      HTTP_CACHE_SITEMAP_MAX_AGE: '86400',
      HTTP_CACHE_STALE_WHILE_REVALIDATE: '0',
    });
    expect(cacheControlValues(config.http.cache)).toMatchObject({
      public: 'no-cache',
      feed: 'public, max-age=60',
      sitemap: 'public, max-age=86400',
    });
  });

  it.each([
    ['HTTP_CACHE_MAX_AGE', '-1'],
    ['HTTP_CACHE_MAX_AGE', '10s'],
    ['HTTP_CACHE_FEED_MAX_AGE', '86401'],
    ['HTTP_CACHE_SITEMAP_MAX_AGE', '1.5'],
    ['HTTP_CACHE_STALE_WHILE_REVALIDATE', 'soon'],
  ])('stops on %s=%s, naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(
      `Invalid configuration: ${name} must be a whole number from 0 to 86400 (got "${value}")`,
    );
  });
});
