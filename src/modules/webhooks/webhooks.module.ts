import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommentsModule } from '../comments/comments.module';
import { PostsModule } from '../posts/posts.module';
import { StaticPagesModule } from '../static-pages/static-pages.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookFanout } from './webhook-fanout';
import { WebhookSubscriptions } from './webhook-subscriptions';
import { webhooksConfigProvider } from './webhooks-config.provider';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Outgoing webhooks: administrators register endpoints (/api/admin/webhooks); the domain events of posts,
 * comments and accounts become signed, retried deliveries through the job queue.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEndpoint, WebhookDelivery]),
    PostsModule,
    StaticPagesModule,
    CommentsModule,
    ProfilesModule,
  ],
  controllers: [WebhooksController],
  providers: [
    webhooksConfigProvider,
    WebhookEndpointsRepository,
    WebhookDeliveriesRepository,
    WebhookDeliveriesService,
    WebhookFanout,
    WebhookSubscriptions,
    WebhooksService,
  ],
})
export class WebhooksModule {}
