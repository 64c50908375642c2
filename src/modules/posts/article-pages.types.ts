/** What the public site's pages (server-rendered heads and content) read about published articles. */

import { ArticleCover } from './article-cover.types';

/** An author as the public site shows one: active users only. */
export interface PublicAuthor {
  username: string;
  bio: string | null;
  image: string | null;
}

/** A published article by an active author, body included. */
export interface PublishedArticle extends ArticleCover {
  slug: string;
  title: string;
  description: string;
  body: string;
  publishedAt: Date;
  updatedAt: Date;
  tags: string[];
  category: { slug: string; name: string } | null;
  author: PublicAuthor;
}

/** An entry of a list page: enough for a title that links to the article. */
export interface ArticleSummary {
  slug: string;
  title: string;
  description: string;
  publishedAt: Date;
  authorUsername: string;
}

/** Which list a page shows: the whole site's, or an author's, a tag's or a category's. */
export type ArticleListOwner =
  | { kind: 'home' }
  | { kind: 'author'; username: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'category'; slug: string };

/**
 * What owns a list as stored (the username, tag or category slug as written), with its newest published
 * articles. `key` is null for the home page.
 */
export interface ArticleListPage {
  key: string | null;
  name: string | null;
  about: string | null;
  image: string | null;
  articles: ArticleSummary[];
}
