import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { ProfileSql } from '../profiles/profile.sql';
import { Article } from './article.entity';

const previewKeyRow = rowMapper('preview key', (row) => ({ key: row.nullableString('key') }));
const sharedRow = rowMapper('shared article', (row) => ({ slug: row.string('slug') }));

/** The preview keys of articles (`articles.preview_key`). */
@Injectable()
export class ArticlePreviewsRepository extends BaseRepository<Article> {
  constructor(session: DatabaseSession) {
    super(session, Article);
  }

  /** The article's key, or null while it is not shared. */
  async keyOf(articleId: number): Promise<string | null> {
    const query = sql`SELECT preview_key AS key FROM articles WHERE id = ${articleId}`;
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), previewKeyRow),
    );
    return rows[0]?.key ?? null;
  }

  /**
   * Gives the article `key` (null: not shared), in place of the one it had; its updatedAt stays, as
   * nothing a reader sees changed. False when the article is gone.
   */
  async setKey(articleId: number, key: string | null): Promise<boolean> {
    const query = sql`UPDATE articles SET preview_key = ${key} WHERE id = ${articleId}
      RETURNING preview_key AS key`;
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), previewKeyRow),
    );
    return rows.length > 0;
  }

  /**
   * The slug of the article `key` shares, or null: none has it, or the article is withheld or its
   * author deactivated (an administrator's decision a link does not get round).
   */
  async sharedSlug(key: string, profiles: ProfileSql): Promise<string | null> {
    const query = sql`SELECT a.slug FROM articles a ${profiles.activeJoin('u', sql`a.author_id`)}
      WHERE a.preview_key = ${key} AND a.status <> 'withheld'`;
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), sharedRow),
    );
    return rows[0]?.slug ?? null;
  }
}
