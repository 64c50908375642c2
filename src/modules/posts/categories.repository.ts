import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Category } from './category.entity';

export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  articlesCount: number;
}

@Injectable()
export class CategoriesRepository extends BaseRepository<Category> {
  constructor(session: DatabaseSession) {
    super(session, Category);
  }

  /** Every category with how many published articles it holds: one statement. */
  listWithCounts(): Promise<CategoryRow[]> {
    return this.query((_repository, manager) =>
      manager.query<CategoryRow[]>(
        `SELECT c.id, c.slug, c.name, c.description,
                COUNT(a.id) FILTER (WHERE a.status = 'published')::int AS "articlesCount"
         FROM categories c LEFT JOIN articles a ON a.category_id = c.id
         GROUP BY c.id ORDER BY c.name`,
      ),
    );
  }

  async countArticles(categoryId: number): Promise<number> {
    const [{ count }] = await this.query((_repository, manager) =>
      manager.query<{ count: number }[]>(
        `SELECT COUNT(*)::int AS count FROM articles WHERE category_id = $1 AND status = 'published'`,
        [categoryId],
      ),
    );
    return count;
  }
}
