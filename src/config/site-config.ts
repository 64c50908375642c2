import type { EnvReader } from './env-reader';

/** What the public site, its feeds, sitemap and page heads say about the blog. */
export interface SiteConfig {
  /** Where readers reach the site (APP_URL): every absolute link (mails, feeds, sitemap, heads). */
  publicUrl: string;
  title: string;
  description: string;
  /** How many of the newest published articles a feed lists. */
  feedItems: number;
  /** Off on a staging site: robots.txt disallows everything and pages ask not to be indexed. */
  indexing: boolean;
}

export function loadSiteConfig(read: EnvReader, publicUrl: string): SiteConfig {
  return {
    publicUrl,
    title: read.string('SITE_TITLE', 'Folio'),
    description: read.string('SITE_DESCRIPTION', 'Stories and ideas from Folio’s writers'),
    feedItems: read.integer('FEED_ITEMS', 20, 1, 100),
    indexing: read.boolean('SITE_INDEXING', true),
  };
}
