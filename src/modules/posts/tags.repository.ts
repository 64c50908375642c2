import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Tag } from './tag.entity';

@Injectable()
export class TagsRepository extends BaseRepository<Tag> {
  constructor(session: DatabaseSession) {
    super(session, Tag);
  }

  /** Makes the article's tags exactly `names`: three statements whatever the number of tags. */
  replaceArticleTags(articleId: number, names: readonly string[]): Promise<void> {
    return this.query(async (_repository, manager) => {
      await manager.query('DELETE FROM article_tags WHERE article_id = $1', [articleId]);
      if (names.length === 0) return;
      // A concurrent insert of the same tag makes this one wait, then do nothing: the SELECT below sees it.
      await manager.query(
        'INSERT INTO tags (name) SELECT unnest($1::varchar[]) ON CONFLICT (name) DO NOTHING',
        [names],
      );
      await manager.query(
        `INSERT INTO article_tags (article_id, tag_id)
         SELECT $1, t.id FROM tags t WHERE t.name = ANY($2::varchar[])`,
        [articleId, names],
      );
    });
  }

  /** Every tag on at least one published article, by name. */
  namesInUse(): Promise<string[]> {
    return this.query(async (_repository, manager) => {
      const rows = await manager.query<{ name: string }[]>(
        `SELECT t.name FROM tags t
         WHERE EXISTS (SELECT 1 FROM article_tags at JOIN articles a ON a.id = at.article_id
                       WHERE at.tag_id = t.id AND a.status = 'published')
         ORDER BY t.name`,
      );
      return rows.map((row) => row.name);
    });
  }
}
