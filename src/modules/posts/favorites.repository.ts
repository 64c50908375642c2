import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Favorite } from './favorite.entity';

/**
 * Favorites and the article's favorites_count change together in one transaction: the counter moves only
 * when a row was really inserted or deleted, and the UPDATE's row lock orders concurrent changes, so the
 * count stays exact under concurrent favorite/unfavorite.
 */
@Injectable()
export class FavoritesRepository extends BaseRepository<Favorite> {
  constructor(session: DatabaseSession) {
    super(session, Favorite);
  }

  add(userId: number, articleId: number): Promise<void> {
    return this.query(async (_repository, manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO favorites (user_id, article_id) VALUES ($1, $2)
         ON CONFLICT (user_id, article_id) DO NOTHING RETURNING id`,
        [userId, articleId],
      );
      if (inserted.length > 0) await this.shift(articleId, +1);
    });
  }

  remove(userId: number, articleId: number): Promise<void> {
    return this.query(async (_repository, manager) => {
      const deleted = await manager.query<[unknown[], number]>(
        'DELETE FROM favorites WHERE user_id = $1 AND article_id = $2 RETURNING id',
        [userId, articleId],
      );
      if (deleted[1] > 0) await this.shift(articleId, -1);
    });
  }

  private shift(articleId: number, by: number): Promise<void> {
    return this.query(async (_repository, manager) => {
      await manager.query(
        'UPDATE articles SET favorites_count = favorites_count + $2 WHERE id = $1',
        [articleId, by],
      );
    });
  }
}
