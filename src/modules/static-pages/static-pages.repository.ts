import { Injectable } from '@nestjs/common';
import { FindOptionsWhere } from 'typeorm';
import { BaseRepository } from '../../../libs/database/base.repository';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DatabaseSession } from '../../../libs/database/database-session';
import { StaticPage } from './static-page.entity';

/** A page without its body, as lists show it. */
export type StaticPageSummary = Omit<StaticPage, 'body'>;

@Injectable()
export class StaticPagesRepository extends BaseRepository<StaticPage> {
  constructor(session: DatabaseSession) {
    super(session, StaticPage, 'page');
  }

  /**
   * The pages (only the published ones unless `drafts`), without their bodies, as the menu orders them:
   * by menu position, then the pages in no menu by title.
   */
  list(drafts: boolean): Promise<StaticPageSummary[]> {
    const where: FindOptionsWhere<StaticPage> = drafts ? {} : { status: 'published' };
    return this.query((repository) =>
      repository.find({
        where,
        select: {
          id: true,
          slug: true,
          title: true,
          description: true,
          coverImage: true,
          coverImageAlt: true,
          coverImageCaption: true,
          status: true,
          menuPosition: true,
          publishedAt: true,
          authorId: true,
          createdAt: true,
          updatedAt: true,
        },
        order: { menuPosition: { direction: 'ASC', nulls: 'LAST' }, title: 'ASC', id: 'ASC' },
      }),
    );
  }

  /**
   * The page, its row locked until the transaction ends: two edits of one page take turns, so each
   * event's `previous` is what the page really was. A missing one is a RecordNotFoundError.
   */
  lockBySlug(slug: string): Promise<StaticPage> {
    return this.query(async (repository) => {
      const page = await repository
        .createQueryBuilder('p')
        .setLock('for_no_key_update')
        .where('p.slug = :slug', { slug })
        .getOne();
      if (!page) throw new RecordNotFoundError('page');
      return page;
    });
  }

  /** Whether another page than `exceptId` has `slug`. */
  isSlugTaken(slug: string, exceptId?: number): Promise<boolean> {
    return this.query(async (repository) => {
      const found = await repository.findOne({ where: { slug }, select: { id: true } });
      return found !== null && found.id !== exceptId;
    });
  }
}
