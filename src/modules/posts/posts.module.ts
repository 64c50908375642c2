import { ContentExportController } from './content-export.controller';
import { ContentExportService } from './content-export.service';
import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { ProfilesModule } from '../profiles/profiles.module';
import { Article } from './article.entity';
import { ArticlePermissions } from './article-permissions';
import { ArticleCount } from './article-count.entity';
import { ArticleRevision } from './article-revision.entity';
import { ArticleSlug } from './article-slug.entity';
import { ArticleTag } from './article-tag.entity';
import { ArticleListsService } from './article-lists.service';
import { ArticlePagesRepository } from './article-pages.repository';
import { ArticlePagesService } from './article-pages.service';
import { ArticlePreviewsController } from './article-previews.controller';
import { ArticlePreviewsRepository } from './article-previews.repository';
import { ArticlePreviewsService } from './article-previews.service';
import { ArticleRevisionsController } from './article-revisions.controller';
import { ArticleRevisionsRepository } from './article-revisions.repository';
import { ArticleRevisionsService } from './article-revisions.service';
import { ArticlesController } from './articles.controller';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import { CategoriesController } from './categories.controller';
import { CategoriesRepository } from './categories.repository';
import { CategoriesService } from './categories.service';
import { Category } from './category.entity';
import { Favorite } from './favorite.entity';
import { FavoritesRepository } from './favorites.repository';
import { FavoritesService } from './favorites.service';
import { RecentSearchService } from './recent-search.service';
import { ScheduledPublishingService } from './scheduled-publishing.service';
import { SyndicationRepository } from './syndication.repository';
import { SyndicationService } from './syndication.service';
import { Tag } from './tag.entity';
import { TagsController } from './tags.controller';
import { TagsRepository } from './tags.repository';
import { WithheldArticlesService } from './withheld-articles.service';

/**
 * Articles, tags, categories, favorites, feeds and search. Exports ArticlesService (for comments) and
 * ArticlePagesService (the public pages' reads, for the pages module).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Article,
      ArticleCount,
      ArticleRevision,
      ArticleSlug,
      ArticleTag,
      Tag,
      Category,
      Favorite,
    ]),
    ProfilesModule,
  ],
  controllers: [
    ArticlesController,
    ArticlePreviewsController,
    ArticleRevisionsController,
    TagsController,
    CategoriesController,
    ContentExportController,
  ],
  providers: [
    ContentExportService,
    {
      provide: ArticlePermissions,
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        new ArticlePermissions(config.get('posts', { infer: true }).articleWriters),
    },
    ArticlesRepository,
    TagsRepository,
    CategoriesRepository,
    FavoritesRepository,
    ArticlePagesRepository,
    ArticlePreviewsRepository,
    ArticleRevisionsRepository,
    ArticlesService,
    ArticlePreviewsService,
    ArticleRevisionsService,
    ArticleListsService,
    ArticlePagesService,
    FavoritesService,
    CategoriesService,
    ScheduledPublishingService,
    RecentSearchService,
    SyndicationRepository,
    SyndicationService,
    WithheldArticlesService,
  ],
  // SyndicationService: the public read side of the syndication module's feeds and sitemap.
  exports: [ArticlesService, ArticlePagesService, SyndicationService],
})
export class PostsModule {}
