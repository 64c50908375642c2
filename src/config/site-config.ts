import type { EnvReader } from './env-reader';

/** What the public site, its feeds, sitemap and page heads say about the blog. */
export interface SiteConfig {
  /** Where readers reach the site (APP_URL): every absolute link (mails, feeds, sitemap, heads). */
  publicUrl: string;
  title: string;
  description: string;
  /**
   * The language the articles are written in (SITE_LANGUAGE, a BCP 47 tag such as `de` or `pt-BR`):
   * the feeds' language, the rendered pages' `<html lang>`, the article text's `lang` in the web app.
   */
  language: string;
  /** How many of the newest published articles a feed lists. */
  feedItems: number;
  /** Off on a staging site: robots.txt disallows everything and pages ask not to be indexed. */
  indexing: boolean;
  /**
   * The blog's share image (SITE_IMAGE, Ghost's "publication cover"), absolute: link previews of the
   * list pages, and of articles without a cover. An upload's path (`/media/…`) is on APP_URL.
   */
  image?: string;
  /**
   * Who may make an account (SIGNUPS): anyone (`open`, RealWorld's way, what Conduit clients expect), or
   * only those an administrator invites (`invitation`: registration and new accounts through an
   * identity provider are refused; invited people choose their password from the mailed link).
   */
  signups: SignUps;
}

export const SIGN_UPS = ['open', 'invitation'] as const;
export type SignUps = (typeof SIGN_UPS)[number];

/**
 * A BCP 47 language tag's shape: a language, then subtags (script, region, variant, and the one-letter
 * singletons of extensions and private use: `de-DE-u-co-phonebk`, `en-US-x-twain`).
 */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;

/** The blog's name when SITE_TITLE is not set. */
export const DEFAULT_SITE_TITLE = 'Folio';

export function loadSiteConfig(read: EnvReader, publicUrl: string): SiteConfig {
  const title = read.string('SITE_TITLE', DEFAULT_SITE_TITLE);
  return {
    publicUrl,
    title,
    // The blog's own name, not Folio's, until it says more of itself.
    description: read.string('SITE_DESCRIPTION', `Stories and ideas from ${title}`),
    language: read.matching(
      'SITE_LANGUAGE',
      'en',
      LANGUAGE_TAG,
      'must be a language tag such as en, de or pt-BR',
    ),
    feedItems: read.integer('FEED_ITEMS', 20, 1, 100),
    indexing: read.boolean('SITE_INDEXING', true),
    image: siteImage(read, publicUrl),
    signups: read.oneOf('SIGNUPS', SIGN_UPS, 'open'),
  };
}

/** SITE_IMAGE: an http(s) URL, or a path on this site (an upload's `/media/<id>/1280.webp`). */
function siteImage(read: EnvReader, publicUrl: string): string | undefined {
  const path = read.string('SITE_IMAGE', '');
  if (path.startsWith('/') && !path.startsWith('//')) return new URL(path, `${publicUrl}/`).href;
  return read.url('SITE_IMAGE', ['http', 'https']);
}
