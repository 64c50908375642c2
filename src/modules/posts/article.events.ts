import { ArticleStatus } from './article.entity';

/** What subscribers learn of an article: enough to find it, never its content (they ask ArticlesService). */
export interface ArticleEvent {
  articleId: number;
  slug: string;
  authorId: number;
  status: ArticleStatus;
  /** On `article.updated`: its address and status before the edit (a new title may move the address). */
  previous?: { slug: string; status: ArticleStatus };
}

declare module '../../../libs/events/domain-events' {
  interface DomainEventMap {
    /** Created as published, a draft made public, or a withheld one published on its author's reactivation. */
    'article.published': ArticleEvent;
    /** Any edit (the status included), after it is stored. */
    'article.updated': ArticleEvent;
    /** A published article made a draft again, or withheld (its author deactivated). */
    'article.unpublished': ArticleEvent;
    'article.deleted': ArticleEvent;
  }
}
