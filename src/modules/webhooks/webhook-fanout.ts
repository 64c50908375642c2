import { Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { DomainEventMap, DomainEvents } from '../../../libs/events/domain-events';
import '../accounts/account.events';
import '../comments/comment.events';
import type { CommentEvent } from '../comments/comment.events';
import { CommentsService } from '../comments/comments.service';
import '../posts/article.events';
import type { ArticleEvent } from '../posts/article.events';
import { ArticlesService } from '../posts/articles.service';
import { ProfilesService } from '../profiles/profiles.service';
import '../static-pages/static-page.events';
import type { StaticPageEvent } from '../static-pages/static-page.events';
import { StaticPagesService } from '../static-pages/static-pages.service';
import { SUBSCRIBABLE_EVENTS, WebhookEvent } from './webhook-events';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookSubscriptions } from './webhook-subscriptions';

type Resource = Record<string, unknown>;
type RelayedEvent = Exclude<WebhookEvent, 'ping'>;

/**
 * Turns domain events into deliveries, inside the publisher's unit of work: the deliveries (log rows and
 * jobs) commit with the change or not at all. With no endpoint subscribed, an event costs no statement
 * (WebhookSubscriptions keeps the subscriptions in memory); with some, the resource is read once, as
 * the API shows it, and each endpoint gets its delivery.
 * Deletions are published before the row goes, so the resource is still there to read.
 */
@Injectable()
export class WebhookFanout implements OnModuleInit {
  /** The blog's public address (APP_URL), for the articles' `url`. */
  private readonly siteUrl: string;
  /** Each relayed event's resource, read from the module that owns it. */
  private readonly resources: {
    [K in RelayedEvent]: (event: DomainEventMap[K]) => Promise<Resource>;
  } = {
    'article.published': (event) => this.article(event),
    'article.updated': (event) => this.article(event),
    'article.unpublished': (event) => this.article(event),
    'article.deleted': (event) => this.article(event),
    'page.published': (event) => this.page(event),
    'page.updated': (event) => this.page(event),
    'page.unpublished': (event) => this.page(event),
    'page.deleted': (event) => this.page(event),
    'comment.created': (event) => this.comment(event),
    'comment.deleted': (event) => this.comment(event),
    'user.registered': async ({ userId }) => ({
      profile: (await this.profiles.getProfiles([userId])).get(userId),
    }),
  };

  constructor(
    private readonly events: DomainEvents,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly deliveries: WebhookDeliveriesService,
    private readonly articles: ArticlesService,
    private readonly comments: CommentsService,
    private readonly profiles: ProfilesService,
    private readonly staticPages: StaticPagesService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.siteUrl = config.get('site', { infer: true }).publicUrl;
  }

  onModuleInit(): void {
    for (const event of SUBSCRIBABLE_EVENTS) this.relay(event);
  }

  private relay<K extends RelayedEvent>(event: K): void {
    const resource = this.resources[event] as (payload: DomainEventMap[K]) => Promise<Resource>;
    this.events.subscribeInTransaction(
      event,
      async (payload) => {
        const endpointIds = await this.subscriptions.endpointsFor(event);
        if (endpointIds.length === 0) return;
        const data = await resource(payload);
        const at = new Date();
        for (const endpointId of endpointIds)
          await this.deliveries.queue(endpointId, event, data, at);
      },
      () => this.subscriptions.knownNone(event),
    );
  }

  /**
   * The article as the API shows it, with what a receiver keys and links by: its id (which a new
   * title does not change, as it does the slug) and its public address; on an edit, what it was.
   */
  private async article({ articleId, slug, previous }: ArticleEvent): Promise<Resource> {
    const view = await this.articles.viewForIntegrations(slug);
    const url = `${this.siteUrl}/article/${encodeURIComponent(slug)}`;
    return { article: { id: articleId, url, ...view }, ...(previous ? { previous } : {}) };
  }

  /** The static page as the API shows it, with its id and public address; on an edit, what it was. */
  private async page({ slug, previous }: StaticPageEvent): Promise<Resource> {
    const view = await this.staticPages.viewForIntegrations(slug);
    const url = `${this.siteUrl}/page/${encodeURIComponent(slug)}`;
    return { page: { url, ...view }, ...(previous ? { previous } : {}) };
  }

  private async comment({ commentId, articleSlug }: CommentEvent): Promise<Resource> {
    return {
      comment: await this.comments.viewForIntegrations(commentId),
      article: { slug: articleSlug },
    };
  }
}
