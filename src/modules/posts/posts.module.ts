import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ArticleListsService } from './article-lists.service';
import { ArticlesController } from './articles.controller';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import { CategoriesController } from './categories.controller';
import { CategoriesRepository } from './categories.repository';
import { CategoriesService } from './categories.service';
import { FavoritesRepository } from './favorites.repository';
import { FavoritesService } from './favorites.service';
import { TagsController } from './tags.controller';
import { TagsRepository } from './tags.repository';

/** Articles, tags, categories, favorites, feeds and search. Exports only ArticlesService (for comments). */
@Module({
  imports: [AuthModule],
  controllers: [ArticlesController, TagsController, CategoriesController],
  providers: [
    ArticlesRepository,
    TagsRepository,
    CategoriesRepository,
    FavoritesRepository,
    ArticlesService,
    ArticleListsService,
    FavoritesService,
    CategoriesService,
  ],
  exports: [ArticlesService],
})
export class PostsModule {}
