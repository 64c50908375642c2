import { Injectable } from '@nestjs/common';
import { BaseRepository, Page } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { Media } from './media.entity';
import { deleteUnusedMediaQuery, mediaInUseQuery, orphanedMediaQuery } from './media.query';

const readUse = rowMapper('media use', (row) => row.boolean('used'));
const readDeleted = rowMapper('deleted media', (row) => row.int('id'));
const readOrphan = rowMapper('orphaned media', (row) => ({
  id: row.int('id'),
  publicId: row.string('publicId'),
}));

@Injectable()
export class MediaRepository extends BaseRepository<Media> {
  constructor(session: DatabaseSession) {
    super(session, Media, 'media');
  }

  /** A user's uploads, newest first, and how many there are in all. */
  listForUploader(uploaderId: number, page: Page): Promise<[Media[], number]> {
    return this.query((repository) =>
      repository.findAndCount({
        where: { uploaderId },
        order: { id: 'DESC' },
        take: page.limit,
        skip: page.offset,
      }),
    );
  }

  async inUse(publicId: string): Promise<boolean> {
    const [used] = await this.query((_r, manager) =>
      queryRows(manager, mediaInUseQuery(publicId), readUse),
    );
    return used;
  }

  /** Deletes the upload unless something references it; whether it went. */
  async deleteUnused(id: number): Promise<boolean> {
    const deleted = await this.query((_r, manager) =>
      queryRows(manager, deleteUnusedMediaQuery(id), readDeleted),
    );
    return deleted.length > 0;
  }

  orphansBefore(before: Date, limit: number): Promise<{ id: number; publicId: string }[]> {
    return this.query((_r, manager) =>
      queryRows(manager, orphanedMediaQuery(before, limit), readOrphan),
    );
  }
}
