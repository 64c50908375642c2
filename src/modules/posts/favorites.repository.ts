import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { sql, statement } from '../../../libs/database/sql';
import { runStatement } from '../../../libs/database/sql-row';
import { Favorite } from './favorite.entity';

/** Favorites the article; favoriting it again changes nothing. */
export const favoriteQuery = (userId: number, articleId: number) =>
  sql`INSERT INTO favorites (user_id, article_id) VALUES (${userId}, ${articleId})
    ON CONFLICT (user_id, article_id) DO NOTHING`;

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
    return this.query((_repository, manager) =>
      runStatement(manager, statement(favoriteQuery(userId, articleId))),
    );
  }

  remove(userId: number, articleId: number): Promise<void> {
    const query = sql`DELETE FROM favorites WHERE user_id = ${userId} AND article_id = ${articleId}`;
    return this.query((_repository, manager) => runStatement(manager, statement(query)));
  }
}
