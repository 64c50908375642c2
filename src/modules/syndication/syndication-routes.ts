import { RequestMethod } from '@nestjs/common';

/** The feed files of each subject: RSS 2.0, Atom 1.0 and JSON Feed 1.1. */
export const FEED_FILES = ['rss.xml', 'atom.xml', 'feed.json'] as const;
export type FeedFile = (typeof FEED_FILES)[number];

/** The feeds of a subject at `base`: `profile/:username/rss.xml`, ... (the site's at the root). */
export function feedPaths(base: string): string[] {
  return FEED_FILES.map((file) => (base ? `${base}/${file}` : file));
}

export const SUBJECT_BASES = ['', 'profile/:username', 'tag/:tag', 'category/:slug'] as const;

export const SITEMAP_PATHS = [
  'sitemap.xml',
  'sitemap-pages.xml',
  'sitemap-authors-:page.xml',
  'sitemap-articles-:page.xml',
] as const;

/** Served at the site's root, outside the /api prefix, where feed readers and crawlers look. */
export const SYNDICATION_ROUTES = [
  ...SUBJECT_BASES.flatMap(feedPaths),
  ...SITEMAP_PATHS,
  'robots.txt',
].map((path) => ({ path, method: RequestMethod.GET }));
