/** A page the server renders a head for, with the address's parameter decoded. */
export type PageAddress =
  | { kind: 'home' }
  | { kind: 'article'; slug: string }
  | { kind: 'profile'; username: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'category'; slug: string }
  | { kind: 'page'; slug: string };

// As the web app's router matches them (apps/web/src/router/paths.ts): any case, an optional final slash.
const PATTERNS: [RegExp, (param: string) => PageAddress][] = [
  [/^\/$/, () => ({ kind: 'home' })],
  [/^\/article\/([^/]+)\/?$/i, (slug) => ({ kind: 'article', slug })],
  [/^\/profile\/([^/]+)\/?$/i, (username) => ({ kind: 'profile', username })],
  [/^\/tag\/([^/]+)\/?$/i, (tag) => ({ kind: 'tag', tag })],
  [/^\/category\/([^/]+)\/?$/i, (slug) => ({ kind: 'category', slug })],
  [/^\/page\/([^/]+)\/?$/i, (slug) => ({ kind: 'page', slug })],
];

function decode(segment: string): string {
  try {
    const decoded = decodeURIComponent(segment);
    // A NUL is in no slug, name or tag (PostgreSQL refuses it in text): kept escaped, it names nothing.
    return decoded.includes('\u0000') ? segment : decoded;
  } catch {
    // Malformed escapes: kept as they came, they name nothing, so the page is a 404.
    return segment;
  }
}

/** The page a request URL (query string and all) asks for, or undefined for any other address. */
export function pageAddress(url: string): PageAddress | undefined {
  const path = url.split(/[?#]/, 1)[0];
  for (const [pattern, make] of PATTERNS) {
    const match = pattern.exec(path);
    if (match) return make(decode(match[1] ?? ''));
  }
  return undefined;
}

/**
 * An address of Ghost's default routes, for a blog moved here from Ghost: its links, bookmarks and feed
 * subscriptions keep working through a redirect. A post at `/{slug}/` (Ghost's default permalink), an
 * author at `/author/{slug}/`, and the feeds at `/rss/`, `/author/{slug}/rss/` and `/tag/{slug}/rss/`.
 */
export type GhostAddress =
  | { kind: 'post'; slug: string }
  | { kind: 'author'; slug: string }
  | { kind: 'tag feed'; slug: string }
  | { kind: 'feed'; base: string };

/**
 * Ghost's slugs: lower-case letters, digits and dashes (a `.` or `%` names a file or nothing). A tag's
 * slug is not its name here (`ghost-tips` is `Ghost Tips`): its page and feed are found from it.
 */
const GHOST_SLUG = '([a-z0-9][a-z0-9_-]{0,199})';

const GHOST_PATTERNS: [RegExp, (slug: string) => GhostAddress][] = [
  [/^\/rss\/?$/i, () => ({ kind: 'feed', base: '' })],
  [
    new RegExp(`^/author/${GHOST_SLUG}/rss/?$`, 'i'),
    (slug) => ({ kind: 'feed', base: `/profile/${slug}` }),
  ],
  [new RegExp(`^/tag/${GHOST_SLUG}/rss/?$`, 'i'), (slug) => ({ kind: 'tag feed', slug })],
  [new RegExp(`^/author/${GHOST_SLUG}/?$`, 'i'), (slug) => ({ kind: 'author', slug })],
  [new RegExp(`^/${GHOST_SLUG}/?$`, 'i'), (slug) => ({ kind: 'post', slug })],
];

/** The Ghost address a request URL names, or undefined. Only asked of addresses the site does not have. */
export function ghostAddress(url: string): GhostAddress | undefined {
  const path = url.split(/[?#]/, 1)[0];
  for (const [pattern, make] of GHOST_PATTERNS) {
    const match = pattern.exec(path);
    if (match) return make((match[1] ?? '').toLowerCase());
  }
  return undefined;
}
