import { escapeHtml, jsonForScript } from '../../common/html-escape';

/** A feed of the page's articles, offered as `<link rel="alternate">`. */
export interface FeedLink {
  title: string;
  href: string;
  type: 'application/rss+xml' | 'application/atom+xml' | 'application/feed+json';
}

/** What an article page says about its article (Open Graph's article:* properties). */
export interface ArticleFacts {
  publishedTime: Date;
  modifiedTime: Date;
  /** The author's profile URL. */
  author: string;
  section?: string;
  tags: string[];
}

/** Everything a page's head says, as plain text and absolute URLs: renderHead escapes it all. */
export interface PageHead {
  /** The `<title>`, site name included. */
  title: string;
  /** og:title and twitter:title: the page's own name. */
  name: string;
  description: string;
  canonicalUrl: string;
  siteName: string;
  type: 'article' | 'profile' | 'website';
  /** An absolute http(s) URL, or none. */
  image?: string;
  /** What the image shows (og:image:alt, twitter:image:alt), when its author said. */
  imageAlt?: string;
  /** The image's pixels and type, when it is one of Folio's uploads: previews lay out before loading it. */
  imageFacts?: { width: number; height: number; contentType: string };
  /** A large picture (an article's cover) gets the large Twitter card; an avatar the small one. */
  largeImage?: boolean;
  article?: ArticleFacts;
  profileUsername?: string;
  indexing: boolean;
  feeds: FeedLink[];
  /** Schema.org data, written as one `application/ld+json` script. */
  jsonLd: Record<string, unknown>;
}

const meta = (name: string, content: string) =>
  `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`;
const property = (name: string, content: string) =>
  `<meta property="${escapeHtml(name)}" content="${escapeHtml(content)}">`;
const link = (attributes: Record<string, string>) =>
  `<link ${Object.entries(attributes)
    .map(([key, value]) => `${key}="${escapeHtml(value)}"`)
    .join(' ')}>`;

function articleProperties(article: ArticleFacts): string[] {
  return [
    property('article:published_time', article.publishedTime.toISOString()),
    property('article:modified_time', article.modifiedTime.toISOString()),
    property('article:author', article.author),
    ...(article.section ? [property('article:section', article.section)] : []),
    ...article.tags.map((tag) => property('article:tag', tag)),
  ];
}

/**
 * The tags a page adds to the app shell's head, one a line. Every text and URL is escaped here and
 * nowhere else, so a title like `"><script>` stays text in an element and in an attribute.
 */
export function renderHead(head: PageHead): string {
  const card = head.image && head.largeImage ? 'summary_large_image' : 'summary';
  return [
    `<title>${escapeHtml(head.title)}</title>`,
    meta('description', head.description),
    ...(head.indexing ? [] : [meta('robots', 'noindex')]),
    link({ rel: 'canonical', href: head.canonicalUrl }),
    ...head.feeds.map((feed) =>
      link({ rel: 'alternate', type: feed.type, title: feed.title, href: feed.href }),
    ),
    property('og:type', head.type),
    property('og:site_name', head.siteName),
    property('og:title', head.name),
    property('og:description', head.description),
    property('og:url', head.canonicalUrl),
    ...(head.image ? [property('og:image', head.image)] : []),
    ...(head.image && head.imageAlt ? [property('og:image:alt', head.imageAlt)] : []),
    ...(head.image && head.imageFacts
      ? [
          property('og:image:type', head.imageFacts.contentType),
          property('og:image:width', String(head.imageFacts.width)),
          property('og:image:height', String(head.imageFacts.height)),
        ]
      : []),
    ...(head.article ? articleProperties(head.article) : []),
    ...(head.profileUsername ? [property('profile:username', head.profileUsername)] : []),
    meta('twitter:card', card),
    meta('twitter:title', head.name),
    meta('twitter:description', head.description),
    ...(head.image ? [meta('twitter:image', head.image)] : []),
    ...(head.image && head.imageAlt ? [meta('twitter:image:alt', head.imageAlt)] : []),
    `<script type="application/ld+json">${jsonForScript(head.jsonLd)}</script>`,
  ].join('\n');
}
