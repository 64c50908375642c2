import { Injectable } from '@nestjs/common';
import { DomainEvents, OnDomainEvent } from '../../../libs/events/domain-events';
import type { UserActivationEvent } from '../accounts/account.events';
import './article.events';
import { ArticlesRepository } from './articles.repository';

/**
 * Tells subscribers what an author's deactivation did to their articles. The database withholds a
 * deactivated author's published articles and publishes them again on reactivation (migration
 * WithheldArticles); this publishes `article.unpublished` or `article.published` for each, in the same
 * transaction, so webhooks relay them as they relay an author's own change.
 */
@Injectable()
export class WithheldArticlesService {
  constructor(
    private readonly articles: ArticlesRepository,
    private readonly events: DomainEvents,
  ) {}

  @OnDomainEvent('user.deactivated', { inTransaction: true })
  async withheld({ userId }: UserActivationEvent): Promise<void> {
    for (const article of await this.articles.ofAuthor(userId, 'withheld')) {
      await this.events.publish('article.unpublished', article);
    }
  }

  /** Published again: before the reactivation an author has no published article. */
  @OnDomainEvent('user.reactivated', { inTransaction: true })
  async republished({ userId }: UserActivationEvent): Promise<void> {
    for (const article of await this.articles.ofAuthor(userId, 'published')) {
      await this.events.publish('article.published', article);
    }
  }
}
