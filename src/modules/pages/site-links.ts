import { FeedLink } from './page-head';

/** What a list of feeds belongs to: the whole site, or an author, a tag or a category. */
export type FeedOwner =
  | { kind: 'site' }
  | { kind: 'author'; username: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'category'; slug: string };

const segment = encodeURIComponent;

/**
 * The site's addresses: paths for links inside the page, absolute URLs (from the public URL, APP_URL)
 * for everything a crawler or a link preview keeps. The feeds are the syndication module's URLs.
 */
export class SiteLinks {
  constructor(private readonly publicUrl: string) {}

  /** The site's origin: an article's links to it are the blog's own, not another site's. */
  get origin(): string {
    return new URL(this.publicUrl).origin;
  }

  absolute(path: string): string {
    return `${this.publicUrl}${path}`;
  }

  article(slug: string): string {
    return `/article/${segment(slug)}`;
  }

  /** A static page's address (About, Contact). */
  page(slug: string): string {
    return `/page/${segment(slug)}`;
  }

  profile(username: string): string {
    return `/profile/${segment(username)}`;
  }

  tag(tag: string): string {
    return `/tag/${segment(tag)}`;
  }

  category(slug: string): string {
    return `/category/${segment(slug)}`;
  }

  /** An image URL as an absolute http(s) URL (a relative one from the public URL), or undefined. */
  image(image: string | null): string | undefined {
    if (!image) return undefined;
    try {
      const url = new URL(image, `${this.publicUrl}/`);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  /** RSS, Atom and JSON Feed of `owner`, titled after `name`. */
  feeds(owner: FeedOwner, name: string): FeedLink[] {
    const base =
      owner.kind === 'site'
        ? ''
        : owner.kind === 'author'
          ? this.profile(owner.username)
          : owner.kind === 'tag'
            ? this.tag(owner.tag)
            : this.category(owner.slug);
    return [
      {
        type: 'application/rss+xml',
        title: `${name} (RSS)`,
        href: this.absolute(`${base}/rss.xml`),
      },
      {
        type: 'application/atom+xml',
        title: `${name} (Atom)`,
        href: this.absolute(`${base}/atom.xml`),
      },
      {
        type: 'application/feed+json',
        title: `${name} (JSON Feed)`,
        href: this.absolute(`${base}/feed.json`),
      },
    ];
  }
}
