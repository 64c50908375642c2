import { Injectable } from '@nestjs/common';
import { BaseRepository, Page } from '../../../libs/database/base.repository';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DatabaseSession } from '../../../libs/database/database-session';
import { ProfileSql } from '../profiles/profiles.service';
import { Article, ArticleStatus } from './article.entity';
import {
  articleColumns,
  ArticleFilter,
  articleJoins,
  articleListQuery,
  ArticleRow,
  Reader,
  SqlParams,
} from './article-list.query';

export interface NewArticle {
  title: string;
  description: string;
  body: string;
  status: ArticleStatus;
  authorId: number;
  categoryId: number | null;
}

@Injectable()
export class ArticlesRepository extends BaseRepository<Article> {
  constructor(session: DatabaseSession) {
    super(session, Article);
  }

  /** One article as the API shows it (body and author's profile included), or a RecordNotFoundError. */
  async getRow(
    slug: string,
    readerId: number | undefined,
    profiles: ProfileSql,
  ): Promise<ArticleRow> {
    const params = new SqlParams();
    const columns = articleColumns(params.add(readerId ?? null), true, profiles);
    const rows = await this.query<ArticleRow[]>((_repository, manager) =>
      manager.query(
        `SELECT ${columns} FROM articles a ${articleJoins(profiles)} WHERE a.slug = ${params.add(slug)}`,
        params.values,
      ),
    );
    if (rows.length === 0) throw new RecordNotFoundError('article');
    return rows[0];
  }

  /** A page of articles (no body) and how many match in all: one statement (see articleListQuery). */
  async list(
    filter: ArticleFilter,
    reader: Reader | undefined,
    page: Required<Page>,
    profiles: ProfileSql,
  ): Promise<{ rows: ArticleRow[]; count: number }> {
    const { text, values } = articleListQuery(filter, reader, page, profiles);
    const rows = await this.query<(ArticleRow & { count: number })[]>((_repository, manager) =>
      manager.query(text, values),
    );
    // No match still gives one row, with the count and nothing else.
    return { rows: rows.filter((row) => row.id !== null), count: rows[0].count };
  }

  /**
   * Inserts the article with its tags (which must exist: TagsRepository.ensureTags) and returns it as the
   * API shows it, in one statement; null when `slug` is taken. ON CONFLICT DO NOTHING keeps the
   * transaction usable on a clash, and waits for a concurrent insert of the same slug to finish first,
   * so two creates with one title both succeed with different slugs.
   */
  async insertRow(
    data: NewArticle,
    slug: string,
    tags: readonly string[],
    profiles: ProfileSql,
  ): Promise<ArticleRow | null> {
    const rows = await this.query<ArticleRow[]>((_repository, manager) =>
      manager.query(
        `WITH a AS (
           INSERT INTO articles (slug, title, description, body, status, published_at, author_id, category_id)
           VALUES ($1, $2, $3, $4, $5,
                   CASE WHEN $5::varchar = 'published' THEN CURRENT_TIMESTAMP END, $6, $7)
           ON CONFLICT (slug) DO NOTHING RETURNING *),
         linked AS (
           INSERT INTO article_tags (article_id, tag_id)
           SELECT a.id, t.id FROM a, tags t WHERE t.name = ANY($8::varchar[]) RETURNING tag_id)
         SELECT a.id, a.slug, a.title, a.description, a.body, a.status,
                a.published_at AS "publishedAt", a.created_at AS "createdAt",
                a.updated_at AS "updatedAt", a.favorites_count AS "favoritesCount",
                a.author_id AS "authorId", c.slug AS category,
                ARRAY(SELECT t.name FROM tags t WHERE t.id IN (SELECT tag_id FROM linked)
                      ORDER BY t.name) AS "tagList",
                false AS favorited, ${profiles.columns('au', 'a.author_id', '$6')}
         FROM a ${articleJoins(profiles)}`,
        [
          slug,
          data.title,
          data.description,
          data.body,
          data.status,
          data.authorId,
          data.categoryId,
          tags,
        ],
      ),
    );
    return rows[0] ?? null;
  }

  /** Just what visibility and ownership rules need, without the body. */
  async findAccess(slug: string): Promise<Pick<Article, 'id' | 'status' | 'authorId'> | null> {
    const rows = await this.query<Pick<Article, 'id' | 'status' | 'authorId'>[]>(
      (_repository, manager) =>
        manager.query('SELECT id, status, author_id AS "authorId" FROM articles WHERE slug = $1', [
          slug,
        ]),
    );
    return rows[0] ?? null;
  }

  async isSlugTaken(slug: string, exceptId: number): Promise<boolean> {
    const rows = await this.query<unknown[]>((_repository, manager) =>
      manager.query('SELECT 1 FROM articles WHERE slug = $1 AND id <> $2', [slug, exceptId]),
    );
    return rows.length > 0;
  }

  /**
   * The article row locked until the transaction ends, so concurrent edits apply one after another.
   * FOR NO KEY UPDATE: comments and favorites, whose foreign keys take KEY SHARE, are not held up.
   */
  lockBySlug(slug: string): Promise<Article> {
    return this.query(async (repository) => {
      const article = await repository
        .createQueryBuilder('a')
        .setLock('for_no_key_update')
        .where('a.slug = :slug', { slug })
        .getOne();
      if (!article) throw new RecordNotFoundError('article');
      return article;
    });
  }
}
