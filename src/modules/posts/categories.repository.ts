import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { keptCount } from './article-count.query';
import { Category } from './category.entity';

export interface CategoryRow {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  articlesCount: number;
}

const categoryRow = rowMapper<CategoryRow>('category', (row) => ({
  id: row.int('id'),
  slug: row.string('slug'),
  name: row.string('name'),
  description: row.nullableString('description'),
  articlesCount: row.int('articlesCount'),
}));

const count = rowMapper('count', (row) => row.int('count'));

@Injectable()
export class CategoriesRepository extends BaseRepository<Category> {
  constructor(session: DatabaseSession) {
    super(session, Category);
  }

  /** Every category with how many published articles it holds (kept counts): one statement. */
  listWithCounts(): Promise<CategoryRow[]> {
    const query = sql`SELECT c.id, c.slug, c.name, c.description,
        ${keptCount('category', 'published', sql`c.id`)} AS "articlesCount"
      FROM categories c ORDER BY c.name`;
    return this.query((_repository, manager) => queryRows(manager, statement(query), categoryRow));
  }

  async countArticles(categoryId: number): Promise<number> {
    const query = sql`SELECT ${keptCount('category', 'published', categoryId)} AS count`;
    const [articles] = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), count),
    );
    return articles;
  }
}
