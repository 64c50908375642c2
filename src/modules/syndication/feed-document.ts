import { Feed, Item } from 'feed';
import { renderMarkdown } from '../../../libs/markdown/server-markdown';
// Where a feed element holds HTML (Atom's type="html", RSS descriptions), text stays text.
import { escapeHtml } from '../../common/html-escape';
import type { ImageFacts } from '../media/media.service';
import type { FeedArticle } from '../posts/syndication.types';
import { FeedFile } from './syndication-routes';
import { SiteUrls } from './site-urls';
import type { FootnoteWords } from '../../../libs/markdown/markdown-renderer';
import { siteWords } from '../../common/site-words';

/** What a feed is about, as its channel (title, page, files) shows it. */
export interface FeedChannel {
  title: string;
  description: string;
  /** The page the feed follows: the home page, a profile, a tag's or a category's page. */
  link: string;
  /** Where its files are: `<base>/rss.xml`, `<base>/atom.xml`, `<base>/feed.json`. */
  base: string;
  /** The articles' language (SITE_LANGUAGE). */
  language: string;
}

export const FEED_CONTENT_TYPES: Record<FeedFile, string> = {
  'rss.xml': 'application/rss+xml; charset=utf-8',
  'atom.xml': 'application/atom+xml; charset=utf-8',
  'feed.json': 'application/feed+json; charset=utf-8',
};

/** When an article last changed: an article that became public by schedule may not be updated since. */
export function changedAt(article: FeedArticle): Date {
  return article.updatedAt > article.publishedAt ? article.updatedAt : article.publishedAt;
}

/** The image types a cover's extension names (the feed package would write `image/<extension>`). */
const IMAGE_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
};

function imageType(url: string): string | undefined {
  try {
    const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
    return extension ? IMAGE_TYPES[extension] : undefined;
  } catch {
    return undefined;
  }
}

/** Characters XML 1.0 allows nowhere, not even as references (its Char production): C0 controls and the like. */
const NOT_XML_CHARS = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text for an element the `feed` package writes as CDATA (titles, descriptions, contents). Its XML
 * writer (xml-js 1.6) splits only the first `]]>` of the text; a later one would end the section early
 * and break the whole document, so those are split here as it splits the first: `]]` ends a section,
 * `>` begins the next.
 */
function cdata(text: string): string {
  const first = text.indexOf(']]>');
  if (first < 0) return text;
  const rest = first + ']]>'.length;
  return text.slice(0, rest) + text.slice(rest).replaceAll(']]>', ']]]]><![CDATA[>');
}

/*
 * The Atom writer puts a category's name and term in attributes, escaping `&` (the package) and `"`
 * (xml-js) but not `<`, which an attribute must not hold: a tag `<b>` broke the whole feed. Each `<`
 * goes in as NUL, which no stored text holds (PostgreSQL refuses it), and comes out as `&lt;`.
 */
const ATTRIBUTE_LT = '\u0000';
const markAttributeLt = (text: string) => text.replaceAll('<', ATTRIBUTE_LT);
const escapeAttributeLt = (xml: string) => xml.replaceAll(ATTRIBUTE_LT, '&lt;');

function item(
  format: FeedFile,
  article: FeedArticle,
  urls: SiteUrls,
  images: ReadonlyMap<string, ImageFacts>,
  footnotes: FootnoteWords,
): Item {
  const link = urls.article(article.slug);
  // The id stays the address the article was first given (it redirects to the current one): a title
  // changed after publication is not a new entry in a reader. For an article never renamed, the link.
  const id = urls.article(article.firstSlug);
  const author = {
    name: article.author.username,
    link: urls.profile(article.author.username),
    ...(article.author.image ? { avatar: article.author.image } : {}),
  };
  const categories = [
    ...(article.category
      ? [
          {
            name: article.category.name,
            term: article.category.slug,
            domain: urls.file('category'),
            scheme: urls.file('category'),
          },
        ]
      : []),
    ...article.tags.map((tag) => ({
      name: tag,
      term: tag,
      domain: urls.file('tag'),
      scheme: urls.file('tag'),
    })),
  ];
  // The cover leads the content too (as Ghost's feeds have it): readers that ignore enclosures, and
  // those that take an entry's first image as its picture, show it. An empty body still gives
  // content: the RSS writer declares the dc: namespace only with content. Absolute URLs only: a feed
  // reader has no page to resolve `/media/…` from.
  const coverImg = article.coverImage
    ? `<img src="${escapeHtml(article.coverImage)}" alt="${escapeHtml(article.coverImageAlt ?? '')}">`
    : '';
  const coverHtml = !coverImg
    ? ''
    : article.coverImageCaption
      ? `<figure>${coverImg}<figcaption>${escapeHtml(article.coverImageCaption)}</figcaption></figure>`
      : `<p>${coverImg}</p>`;
  const content =
    coverHtml + renderMarkdown(article.body, { baseUrl: link, footnotes }) || '<p></p>';
  const dates = { date: changedAt(article), published: article.publishedAt };
  // The cover as an RSS enclosure, an Atom enclosure link, a JSON Feed item image. An upload's size and
  // type are known (RSS requires the length; 0 says "unknown"); another host's type comes from its
  // extension, and with none known there is no enclosure (the JSON Feed image needs no type).
  const facts = article.coverImage ? images.get(article.coverImage) : undefined;
  const type =
    facts?.contentType ?? (article.coverImage ? imageType(article.coverImage) : undefined);
  const cover =
    article.coverImage && (type || format === 'feed.json')
      ? { image: { url: article.coverImage, length: facts?.bytes ?? 0, type } }
      : {};
  if (format === 'rss.xml') {
    // RSS's <author> must be an email address, which a feed never shows: dc:creator names the author.
    // Never renamed: no id, and the guid is the link, marked as the permanent address it is
    // (isPermaLink="true"). Renamed: the first address, which only redirects (isPermaLink="false").
    return {
      title: cdata(article.title),
      link,
      ...(id === link ? {} : { guid: id }),
      description: cdata(escapeHtml(article.description)),
      content: cdata(content),
      category: categories,
      extensions: [{ name: 'dc:creator', objects: { _text: article.author.username } }],
      ...cover,
      ...dates,
    };
  }
  const html = format === 'atom.xml';
  return {
    // Atom's title and summary are type="html": a `<` in them is text, not markup.
    title: html ? cdata(escapeHtml(article.title)) : article.title,
    id,
    link,
    description: html ? cdata(escapeHtml(article.description)) : article.description,
    content: html ? cdata(content) : content,
    author: [author],
    category: html
      ? categories.map((category) => ({
          ...category,
          name: markAttributeLt(category.name),
          term: markAttributeLt(category.term),
        }))
      : categories,
    ...cover,
    ...dates,
  };
}

/** JSON Feed 1.1 (the `feed` package writes 1.0): `authors` and `language` beside 1.0's fields. */
/** Each name once, whatever its case (the first spelling kept). */
function onceEach(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((name) => {
    const key = name.toLocaleLowerCase('und');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function jsonFeed11(json: string, language: string): string {
  const feed = JSON.parse(json) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const upgraded = {
    ...feed,
    version: 'https://jsonfeed.org/version/1.1',
    language,
    items: feed.items.map((entry) => ({
      ...entry,
      ...(entry.author ? { authors: [entry.author] } : {}),
      // Its category and its tags in one list: a category named as a tag is said once.
      ...(Array.isArray(entry.tags) ? { tags: onceEach(entry.tags as string[]) } : {}),
    })),
  };
  return JSON.stringify(upgraded);
}

/**
 * The feed document of `format`: the channel and its articles (newest first), bodies rendered;
 * `images` has what is known of the covers (Folio's uploads).
 */
export function renderFeed(
  format: FeedFile,
  channel: FeedChannel,
  articles: readonly FeedArticle[],
  urls: SiteUrls,
  images: ReadonlyMap<string, ImageFacts> = new Map(),
): string {
  const newest = articles.reduce<Date | undefined>((latest, article) => {
    const changed = changedAt(article);
    return latest && latest > changed ? latest : changed;
  }, undefined);
  const feed = new Feed({
    id: channel.link,
    title: channel.title,
    description: channel.description,
    link: channel.link,
    language: channel.language,
    // A fixed date for a feed with no article yet: the same inputs always give the same bytes (ETag).
    updated: newest ?? new Date(0),
    generator: 'Folio',
    feedLinks: {
      rss: `${channel.base}/rss.xml`,
      atom: `${channel.base}/atom.xml`,
      json: `${channel.base}/feed.json`,
    },
  });
  const { footnotes } = siteWords(channel.language);
  for (const article of articles) feed.addItem(item(format, article, urls, images, footnotes));
  // A control character pasted into an article would make the XML not well-formed: a reader refuses
  // the whole feed. JSON escapes them.
  if (format === 'rss.xml') {
    const rss = feed.rss2().replace(NOT_XML_CHARS, '');
    // RSS's lastBuildDate is optional: a feed with no article yet leaves it out instead of saying 1970.
    // (Atom requires <updated>: there it stays that fixed date.)
    return newest ? rss : rss.replace(/\s*<lastBuildDate>[^<]*<\/lastBuildDate>/, '');
  }
  if (format === 'atom.xml') {
    // The package writes an Atom enclosure's type from the extension, whatever it was given.
    return (
      escapeAttributeLt(feed.atom1())
        .replace(NOT_XML_CHARS, '')
        .replace(
          /(<link rel="enclosure" [^>]*type=")image\/(jpg|svg)"/g,
          (_match, start: string, ext: string) => `${start}${IMAGE_TYPES[ext]}"`,
        )
        // Atom says its language as xml:lang (the package writes none).
        .replace(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/, (tag) =>
          tag.replace('>', ` xml:lang="${escapeHtml(channel.language)}">`),
        )
    );
  }
  return jsonFeed11(feed.json1(), channel.language);
}
