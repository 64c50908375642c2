import { Module } from '@nestjs/common';
import { PostsModule } from '../posts/posts.module';
import { FeedsController } from './feeds.controller';
import { RobotsController } from './robots.controller';
import { SitemapController } from './sitemap.controller';
import { syndicationSettingsProviders } from './syndication-settings.provider';

/**
 * Feeds (RSS, Atom, JSON Feed), the sitemap and robots.txt at the site's root, for feed readers and
 * crawlers. Reads what is public through the posts module's SyndicationService.
 */
@Module({
  imports: [PostsModule],
  controllers: [FeedsController, SitemapController, RobotsController],
  providers: [...syndicationSettingsProviders],
})
export class SyndicationModule {}
