import { Injectable } from '@nestjs/common';
import { FindOptionsWhere } from 'typeorm';
import { BaseRepository } from '../../../libs/database/base.repository';
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

  /** Whether another page than `exceptId` has `slug`. */
  isSlugTaken(slug: string, exceptId?: number): Promise<boolean> {
    return this.query(async (repository) => {
      const found = await repository.findOne({ where: { slug }, select: { id: true } });
      return found !== null && found.id !== exceptId;
    });
  }
}
