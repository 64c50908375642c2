import type { PublishedArticle } from './article-pages.types';

/** What a feed lists: the whole site, or one author's, tag's or category's public articles. */
export type FeedSubject =
  | { kind: 'site' }
  | { kind: 'author'; username: string }
  | { kind: 'tag'; name: string }
  | { kind: 'category'; slug: string };

/** The subject as stored: its name as the site shows it (username in its stored case, category name). */
export interface FeedSubjectInfo {
  /** The author's username, the tag's name or the category's slug; null for the site. */
  key: string | null;
  name: string | null;
  /** The author's bio or the category's description. */
  description: string | null;
}

/** A published article of an active author, as feeds show it: as the pages read it, with its id. */
export interface FeedArticle extends PublishedArticle {
  id: number;
  /** The slug it was created with: its address is the article's id in feeds, whatever it is called now. */
  firstSlug: string;
}

export interface FeedContent {
  subject: FeedSubjectInfo;
  /** Newest first (published_at, then id). */
  articles: FeedArticle[];
}

/** One URL of a sitemap: the public article's slug, or the author's username. */
export interface SitemapEntry {
  key: string;
  /** When it last changed; null when not known cheaply (authors). */
  lastModified: Date | null;
  /** An article's cover (an absolute URL), for image search: the sitemap's `image:image`. */
  image: string | null;
}

/** The public pages that are neither articles nor authors: tags in use, categories with articles. */
export interface SitemapTopics {
  tags: string[];
  categories: string[];
}

/** The sitemap children of a kind that hold at least one URL, by number (from 1). */
export type SitemapKind = 'articles' | 'authors';
