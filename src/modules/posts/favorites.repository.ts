import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { queryRows } from '../../../libs/database/sql-row';
import { ProfileSql } from '../profiles/profile.sql';
import { Reader } from './article-visibility';
import { ArticleRow, articleRow, favoriteQuery } from './article.sql';
import { Favorite } from './favorite.entity';

/**
 * Favorites rows. articles.favorites_count follows them through a trigger (migration
 * FavoritesCountTrigger): it moves only when a row is really inserted or deleted, by any path, cascades
 * included, and its row lock orders concurrent changes, so the count stays exact.
 */
@Injectable()
export class FavoritesRepository extends BaseRepository<Favorite> {
  constructor(session: DatabaseSession) {
    super(session, Favorite);
  }

  /** Favorites or unfavorites the article; null when the reader may not see it. */
  async set(
    reader: Reader,
    slug: string,
    favorite: boolean,
    profiles: ProfileSql,
  ): Promise<ArticleRow | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, favoriteQuery(slug, reader, favorite, profiles), articleRow),
    );
    return rows[0] ?? null;
  }
}
