import { Injectable } from '@nestjs/common';
import { OnDomainEvent } from '../../../libs/events/domain-events';
import '../accounts/account.events';
import type { UserRegisteredEvent } from '../accounts/account.events';
import '../comments/comment.events';
import type { CommentEvent } from '../comments/comment.events';
import { CommentsService } from '../comments/comments.service';
import '../posts/article.events';
import type { ArticleEvent } from '../posts/article.events';
import { ArticlesService } from '../posts/articles.service';
import { ProfilesService } from '../profiles/profiles.service';
import { WebhookEvent } from './webhook-events';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';

/**
 * Turns domain events into deliveries, inside the publisher's unit of work: the deliveries (log rows and
 * jobs) commit with the change or not at all. With no endpoint subscribed, an event costs one indexed
 * read; with some, the resource is read once, as the API shows it, and each endpoint gets its delivery.
 * Deletions are published before the row goes, so the resource is still there to read.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly articles: ArticlesService,
    private readonly comments: CommentsService,
    private readonly profiles: ProfilesService,
  ) {}

  @OnDomainEvent('article.published', { inTransaction: true })
  articlePublished(event: ArticleEvent): Promise<void> {
    return this.fanOut('article.published', () => this.article(event));
  }

  @OnDomainEvent('article.updated', { inTransaction: true })
  articleUpdated(event: ArticleEvent): Promise<void> {
    return this.fanOut('article.updated', () => this.article(event));
  }

  @OnDomainEvent('article.unpublished', { inTransaction: true })
  articleUnpublished(event: ArticleEvent): Promise<void> {
    return this.fanOut('article.unpublished', () => this.article(event));
  }

  @OnDomainEvent('article.deleted', { inTransaction: true })
  articleDeleted(event: ArticleEvent): Promise<void> {
    return this.fanOut('article.deleted', () => this.article(event));
  }

  @OnDomainEvent('comment.created', { inTransaction: true })
  commentCreated(event: CommentEvent): Promise<void> {
    return this.fanOut('comment.created', () => this.comment(event));
  }

  @OnDomainEvent('comment.deleted', { inTransaction: true })
  commentDeleted(event: CommentEvent): Promise<void> {
    return this.fanOut('comment.deleted', () => this.comment(event));
  }

  @OnDomainEvent('user.registered', { inTransaction: true })
  userRegistered(event: UserRegisteredEvent): Promise<void> {
    return this.fanOut('user.registered', async () => {
      const profiles = await this.profiles.getProfiles([event.userId]);
      return { profile: profiles.get(event.userId) };
    });
  }

  private async fanOut(
    event: WebhookEvent,
    resource: () => Promise<Record<string, unknown>>,
  ): Promise<void> {
    const endpointIds = await this.endpoints.subscribedTo(event);
    if (endpointIds.length === 0) return;
    const data = await resource();
    const at = new Date();
    for (const endpointId of endpointIds) await this.deliveries.queue(endpointId, event, data, at);
  }

  private async article({ slug }: ArticleEvent): Promise<Record<string, unknown>> {
    return { article: await this.articles.viewForIntegrations(slug) };
  }

  private async comment({
    commentId,
    articleSlug,
  }: CommentEvent): Promise<Record<string, unknown>> {
    return {
      comment: await this.comments.viewForIntegrations(commentId),
      article: { slug: articleSlug },
    };
  }
}
