import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Favorite } from './favorite.entity';

/**
 * Favorites and the article's favorites_count change together, in one statement: the counter moves only
 * when a row was really inserted or deleted, and the UPDATE's row lock orders concurrent changes, so the
 * count stays exact under concurrent favorite/unfavorite.
 */
@Injectable()
export class FavoritesRepository extends BaseRepository<Favorite> {
  constructor(session: DatabaseSession) {
    super(session, Favorite);
  }

  async add(userId: number, articleId: number): Promise<void> {
    await this.query((_repository, manager) =>
      manager.query(
        `WITH added AS (INSERT INTO favorites (user_id, article_id) VALUES ($1, $2)
                        ON CONFLICT (user_id, article_id) DO NOTHING RETURNING article_id)
         UPDATE articles SET favorites_count = favorites_count + 1
         WHERE id IN (SELECT article_id FROM added)`,
        [userId, articleId],
      ),
    );
  }

  async remove(userId: number, articleId: number): Promise<void> {
    await this.query((_repository, manager) =>
      manager.query(
        `WITH removed AS (DELETE FROM favorites WHERE user_id = $1 AND article_id = $2
                          RETURNING article_id)
         UPDATE articles SET favorites_count = favorites_count - 1
         WHERE id IN (SELECT article_id FROM removed)`,
        [userId, articleId],
      ),
    );
  }
}
