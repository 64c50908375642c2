import { Injectable } from '@nestjs/common';
import { AuthUser } from '../accounts/auth-user.types';
import { ArticlesService } from './articles.service';
import { ArticleDto } from './dto/article-response.dto';
import { FavoritesRepository } from './favorites.repository';

@Injectable()
export class FavoritesService {
  constructor(
    private readonly articles: ArticlesService,
    private readonly favorites: FavoritesRepository,
  ) {}

  /** Idempotent: favoriting twice counts once. */
  async favorite(reader: AuthUser, slug: string): Promise<ArticleDto> {
    const articleId = await this.articles.visibleId(slug, reader);
    await this.favorites.add(reader.id, articleId);
    return this.articles.view(slug, reader);
  }

  async unfavorite(reader: AuthUser, slug: string): Promise<ArticleDto> {
    const articleId = await this.articles.visibleId(slug, reader);
    await this.favorites.remove(reader.id, articleId);
    return this.articles.view(slug, reader);
  }
}
