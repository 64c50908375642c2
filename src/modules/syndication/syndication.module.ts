import { Module } from '@nestjs/common';
import { MediaModule } from '../media/media.module';
import { PostsModule } from '../posts/posts.module';
import { StaticPagesModule } from '../static-pages/static-pages.module';
import { FeedsController } from './feeds.controller';
import { RobotsController } from './robots.controller';
import { SiteController } from './site.controller';
import { SitemapController } from './sitemap.controller';
import { syndicationSettingsProviders } from './syndication-settings.provider';

/**
 * Feeds (RSS, Atom, JSON Feed), the sitemap and robots.txt at the site's root, for feed readers and
 * crawlers, and `GET /api/site` (the blog's title and description) for frontends. Reads what is public
 * through the posts module's SyndicationService.
 */
@Module({
  imports: [PostsModule, StaticPagesModule, MediaModule],
  controllers: [FeedsController, SitemapController, RobotsController, SiteController],
  providers: [...syndicationSettingsProviders],
})
export class SyndicationModule {}
