import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
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

  add(userId: number, articleId: number): Promise<void> {
    return this.query(async (_repository, manager) => {
      await manager.query(
        `INSERT INTO favorites (user_id, article_id) VALUES ($1, $2)
         ON CONFLICT (user_id, article_id) DO NOTHING`,
        [userId, articleId],
      );
    });
  }

  remove(userId: number, articleId: number): Promise<void> {
    return this.query(async (_repository, manager) => {
      await manager.query('DELETE FROM favorites WHERE user_id = $1 AND article_id = $2', [
        userId,
        articleId,
      ]);
    });
  }
}
