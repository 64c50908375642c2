import { Injectable } from '@nestjs/common';
import { ArticlePagesRepository } from './article-pages.repository';
import { ArticlesRepository } from './articles.repository';
import { TagsRepository } from './tags.repository';
import { ArticleListOwner, ArticleListPage, PublishedArticle } from './article-pages.types';

export type * from './article-pages.types';

/**
 * Published articles as the public site's server-rendered pages read them (the pages module's heads and
 * crawler content). Public means published and by an active author: for anything else, nothing.
 */
@Injectable()
export class ArticlePagesService {
  constructor(
    private readonly pages: ArticlePagesRepository,
    private readonly articles: ArticlesRepository,
    private readonly tags: TagsRepository,
  ) {}

  /** The public article `slug`, or null: missing, a draft, scheduled, or its author deactivated. */
  findPublished(slug: string): Promise<PublishedArticle | null> {
    return this.pages.findPublished({ slug });
  }

  /** The same by the article's id, which a new title does not change (the newsletter's mails). */
  findPublishedById(id: number): Promise<PublishedArticle | null> {
    return this.pages.findPublished({ id });
  }

  /**
   * Whether the article `id` is to be mailed to the newsletter's subscribers when first published
   * (its author may publish it without): false also when there is no such article.
   */
  isForNewsletter(id: number): Promise<boolean> {
    return this.articles.exists({ id, newsletter: true });
  }

  /**
   * The current slug of the published article that `oldSlug` named before a new title renamed it, or
   * null (also when another article has `oldSlug` now): where an old link redirects.
   */
  currentSlug(oldSlug: string): Promise<string | null> {
    return this.articles.currentSlug(oldSlug);
  }

  /** The tag in use whose Ghost slug is `slug` (`ghost-tips` for `Ghost Tips`), or null. */
  tagForGhostSlug(slug: string): Promise<string | null> {
    return this.tags.nameForGhostSlug(slug);
  }

  /**
   * The owner of a list (an active author, a tag, a category; the site for the home page) with its newest
   * `limit` public articles, or null when there is no such owner.
   */
  findListPage(owner: ArticleListOwner, limit: number): Promise<ArticleListPage | null> {
    return this.pages.findListPage(owner, limit);
  }
}
