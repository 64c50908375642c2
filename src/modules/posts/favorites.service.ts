import { Injectable } from '@nestjs/common';
import {
  RecordNotFoundError,
  referenceGoneIsNotFound,
} from '../../../libs/database/database-errors';
import { DatabaseSession } from '../../../libs/database/database-session';
import { AuthUser } from '../accounts/auth-user.types';
import { ProfilesService } from '../profiles/profiles.service';
import { presentArticle } from './article.presenter';
import { ArticleDto } from './dto/article-response.dto';
import { FavoritesRepository } from './favorites.repository';

@Injectable()
export class FavoritesService {
  constructor(
    private readonly favorites: FavoritesRepository,
    private readonly profiles: ProfilesService,
    private readonly session: DatabaseSession,
  ) {}

  /** Idempotent: favoriting twice counts once. */
  favorite(reader: AuthUser, slug: string): Promise<ArticleDto> {
    return this.set(reader, slug, true);
  }

  unfavorite(reader: AuthUser, slug: string): Promise<ArticleDto> {
    return this.set(reader, slug, false);
  }

  /**
   * One statement: the change and the article as the reader now sees it (favoriteQuery); the request's
   * whole transaction, so it goes alone (DatabaseSession.last: no BEGIN, no COMMIT round trip).
   */
  private async set(reader: AuthUser, slug: string, favorite: boolean): Promise<ArticleDto> {
    const row = await referenceGoneIsNotFound('articleId', 'article', () =>
      this.session.last(() => this.favorites.set(reader, slug, favorite, this.profiles.sql)),
    );
    if (!row) throw new RecordNotFoundError('article');
    return presentArticle(row);
  }
}
