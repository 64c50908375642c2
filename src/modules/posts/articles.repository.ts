import { Injectable } from '@nestjs/common';
import { BaseRepository, Page } from '../../../libs/database/base.repository';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Article, ArticleStatus } from './article.entity';
import {
  articleColumns,
  articleConditions,
  ArticleFilter,
  articleOrder,
  ArticleRow,
  Reader,
  SqlParams,
} from './article-list.query';

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  status: ArticleStatus;
  /** A function gives SQL: `() => 'CURRENT_TIMESTAMP'` stamps the transaction's time, like createdAt. */
  publishedAt: Date | null | (() => string);
  authorId: number;
  categoryId: number | null;
}

@Injectable()
export class ArticlesRepository extends BaseRepository<Article> {
  constructor(session: DatabaseSession) {
    super(session, Article);
  }

  /** One article as the API shows it (body included), or a RecordNotFoundError. */
  async getRow(slug: string, readerId: number | undefined): Promise<ArticleRow> {
    const params = new SqlParams();
    const columns = articleColumns(params.add(readerId ?? null), true);
    const rows = await this.query<ArticleRow[]>((_repository, manager) =>
      manager.query(
        `SELECT ${columns} FROM articles a LEFT JOIN categories c ON c.id = a.category_id
         WHERE a.slug = ${params.add(slug)}`,
        params.values,
      ),
    );
    if (rows.length === 0) throw new RecordNotFoundError('article');
    return rows[0];
  }

  /** A page of articles (no body) and how many match in all: two statements. */
  async list(
    filter: ArticleFilter,
    reader: Reader | undefined,
    page: Required<Page>,
  ): Promise<{ rows: ArticleRow[]; count: number }> {
    const countParams = new SqlParams();
    const countWhere = articleConditions(filter, reader, countParams).join(' AND ');
    const params = new SqlParams();
    const columns = articleColumns(params.add(reader?.id ?? null), false);
    const where = articleConditions(filter, reader, params).join(' AND ');
    const order = articleOrder(filter, params);
    return this.query(async (_repository, manager) => {
      const [{ count }] = await manager.query<{ count: number }[]>(
        `SELECT COUNT(*)::int AS count FROM articles a WHERE ${countWhere}`,
        countParams.values,
      );
      const rows = await manager.query<ArticleRow[]>(
        `SELECT ${columns} FROM articles a LEFT JOIN categories c ON c.id = a.category_id
         WHERE ${where} ORDER BY ${order}
         LIMIT ${params.add(page.limit)} OFFSET ${params.add(page.offset)}`,
        params.values,
      );
      return { rows, count };
    });
  }

  /**
   * Inserts the article under the first free slug `slugs` yields. ON CONFLICT DO NOTHING keeps the
   * transaction usable on a clash, and waits for a concurrent insert of the same slug to finish first,
   * so two creates with one title both succeed with different slugs.
   */
  async insertWithFreeSlug(data: NewArticle, slugs: Iterable<string>): Promise<Article> {
    for (const slug of slugs) {
      const inserted = await this.query(async (repository) => {
        const result = await repository
          .createQueryBuilder()
          .insert()
          .values({ ...data, slug })
          .orIgnore()
          .updateEntity(false)
          .returning('id')
          .execute();
        return (result.raw as { id: number }[]).length > 0;
      });
      if (inserted) return this.getOne({ slug });
    }
    throw new Error('no free slug found');
  }

  /** Just what visibility and ownership rules need, without the body. */
  findAccess(slug: string): Promise<Pick<Article, 'id' | 'status' | 'authorId'> | null> {
    return this.query((repository) =>
      repository.findOne({ where: { slug }, select: { id: true, status: true, authorId: true } }),
    );
  }

  async isSlugTaken(slug: string, exceptId: number): Promise<boolean> {
    const rows = await this.query<unknown[]>((_repository, manager) =>
      manager.query('SELECT 1 FROM articles WHERE slug = $1 AND id <> $2', [slug, exceptId]),
    );
    return rows.length > 0;
  }

  /** The article row locked until the transaction ends, so concurrent edits apply one after another. */
  lockBySlug(slug: string): Promise<Article> {
    return this.query(async (repository) => {
      const article = await repository
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.slug = :slug', { slug })
        .getOne();
      if (!article) throw new RecordNotFoundError('article');
      return article;
    });
  }
}
