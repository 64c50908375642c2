import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { DatabaseSession } from '../../../libs/database/database-session';
import { sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper, runStatement } from '../../../libs/database/sql-row';
import { ProfileSql } from '../profiles/profile.sql';
import { Article, ARTICLE_STATUSES, ArticleStatus } from './article.entity';
import { ArticleEvent } from './article.events';
import {
  ArticleCursor,
  ArticleFilter,
  articleListQuery,
  articleListRow,
  ArticlePage,
} from './article-list.query';
import { ARTICLE_COUNT_CAP } from './article-count.query';
import { keepRecentSearchStatement } from './recent-search.query';
import { Reader } from './article-visibility';
import {
  articleQuery,
  articlesByIdQuery,
  ArticleRow,
  articleRow,
  insertArticleQuery,
  NewArticle,
} from './article.sql';

type ArticleAccess = Pick<Article, 'id' | 'status' | 'authorId'>;

const articleAccess = rowMapper<ArticleAccess>('article access', (row) => ({
  id: row.int('id'),
  status: row.oneOf('status', ARTICLE_STATUSES),
  authorId: row.int('authorId'),
}));

const slugTaken = rowMapper('slug taken', (row) => ({ taken: row.boolean('taken') }));

const articleEventRow = rowMapper('article event', (row) => ({
  articleId: row.int('id'),
  slug: row.string('slug'),
  authorId: row.int('authorId'),
  status: row.oneOf('status', ARTICLE_STATUSES),
}));

const currentSlugRow = rowMapper('current slug', (row) => ({ slug: row.string('slug') }));
const keptTierRow = rowMapper('recent search kept', (row) => ({
  trimmed: row.int('trimmed'),
  added: row.int('added'),
}));

@Injectable()
export class ArticlesRepository extends BaseRepository<Article> {
  constructor(session: DatabaseSession) {
    super(session, Article);
  }

  /** The articles `ids` that `reader` may see, as lists show them, in the order given. */
  rowsById(
    ids: readonly number[],
    reader: Reader | undefined,
    profiles: ProfileSql,
  ): Promise<ArticleRow[]> {
    return this.query((_repository, manager) =>
      queryRows(manager, articlesByIdQuery(ids, reader, profiles), articleRow),
    );
  }

  /** One article as the API shows it (body and author's profile included), or a RecordNotFoundError. */
  async getRow(
    slug: string,
    readerId: number | undefined,
    profiles: ProfileSql,
  ): Promise<ArticleRow> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, articleQuery(slug, readerId ?? null, profiles), articleRow),
    );
    if (rows.length === 0) throw new RecordNotFoundError('article');
    return rows[0];
  }

  /**
   * A page of articles (no body) and how many match in all (see articleListQuery), with the sort key
   * after the page's last row when more rows follow.
   */
  async list(
    filter: ArticleFilter,
    reader: Reader | undefined,
    page: ArticlePage,
    profiles: ProfileSql,
  ): Promise<{ rows: ArticleRow[]; count: number; exact: boolean; next: ArticleCursor | null }> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, articleListQuery(filter, reader, page, profiles), articleListRow),
    );
    // No match still gives one row, with the count and nothing else.
    const listed = rows.flatMap((row) => (row.listed ? [row.listed] : []));
    const shown = listed.slice(0, page.limit);
    const next = listed.length > page.limit ? shown[shown.length - 1].key : null;
    // A counted (not kept) count stops one past the cap: "at least the cap"; a search answered by its
    // recent tier counts that tier: "at least" too.
    const { count, kept, partial } = rows[0];
    const capped = !kept && count > ARTICLE_COUNT_CAP;
    return {
      rows: shown.map((item) => item.article),
      count: capped ? ARTICLE_COUNT_CAP : count,
      exact: !capped && !partial,
      next,
    };
  }

  /**
   * Inserts the article with its tags (creating the new ones) and returns it as the API shows it, in
   * one statement (see insertArticleQuery for a tag it may miss); null when `slug` is taken. ON
   * CONFLICT DO NOTHING keeps the transaction usable on a clash, and waits for a concurrent insert of
   * the same slug to finish first, so two creates with one title both succeed with different slugs.
   */
  async insertRow(
    data: NewArticle,
    slug: string,
    tags: readonly string[],
    profiles: ProfileSql,
  ): Promise<ArticleRow | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, insertArticleQuery(data, slug, tags, profiles), articleRow),
    );
    return rows[0] ?? null;
  }

  /** Just what visibility and ownership rules need, without the body. */
  async findAccess(slug: string): Promise<ArticleAccess | null> {
    const query = sql`SELECT id, status, author_id AS "authorId" FROM articles WHERE slug = ${slug}`;
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), articleAccess),
    );
    return rows[0] ?? null;
  }

  async isSlugTaken(slug: string, exceptId: number): Promise<boolean> {
    // Another article's first slug is its feed id and keeps leading to it: never anyone else's.
    const query = sql`SELECT EXISTS(SELECT 1 FROM articles
      WHERE (slug = ${slug} OR first_slug = ${slug}) AND id <> ${exceptId}) AS taken`;
    const [{ taken }] = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), slugTaken),
    );
    return taken;
  }

  /**
   * Publishes the scheduled articles whose time has come (only `articleId`, when given): one UPDATE, so
   * concurrent callers never publish one article twice. Their date is the scheduled one (not a date
   * kept from an earlier publication).
   */
  async publishDue(articleId?: number): Promise<ArticleEvent[]> {
    const only = articleId === undefined ? sql`` : sql` AND id = ${articleId}`;
    // As a CTE, the statement returns its rows like a SELECT; `withheld` for a deactivated author's.
    const query = sql`WITH published AS (
        UPDATE articles SET status = 'published', kept_published_at = NULL, updated_at = CURRENT_TIMESTAMP
        WHERE status = 'scheduled' AND published_at <= CURRENT_TIMESTAMP${only}
        RETURNING id, slug, author_id AS "authorId", status)
      SELECT * FROM published`;
    return this.query((_repository, manager) =>
      queryRows(manager, statement(query), articleEventRow),
    );
  }

  /** The author's articles of `status`, as events name them, oldest first. */
  ofAuthor(authorId: number, status: ArticleStatus): Promise<ArticleEvent[]> {
    const query = sql`SELECT id, slug, author_id AS "authorId", status FROM articles
      WHERE author_id = ${authorId} AND status = ${status} ORDER BY id`;
    return this.query((_repository, manager) =>
      queryRows(manager, statement(query), articleEventRow),
    );
  }

  /** Makes search's recent tier the newest `keep` published articles (keepRecentSearchStatement). */
  async keepRecentSearch(keep: number): Promise<{ trimmed: number; added: number }> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, keepRecentSearchStatement(keep), keptTierRow),
    );
    return rows[0];
  }

  /** Keeps `slug` as an old address of the article (it may have been another's once). */
  async rememberSlug(articleId: number, slug: string): Promise<void> {
    const query = sql`INSERT INTO article_slugs (slug, article_id) VALUES (${slug}, ${articleId})
      ON CONFLICT (slug) DO UPDATE SET article_id = EXCLUDED.article_id, updated_at = CURRENT_TIMESTAMP`;
    await this.query((_repository, manager) => runStatement(manager, statement(query)));
  }

  /**
   * The current slug of the published article that `oldSlug` once named, or null (also when an article
   * has `oldSlug` now: a live slug always wins over an old one).
   */
  async currentSlug(oldSlug: string): Promise<string | null> {
    const query = sql`SELECT a.slug FROM article_slugs s JOIN articles a ON a.id = s.article_id
      WHERE s.slug = ${oldSlug} AND a.status = 'published'
        AND NOT EXISTS (SELECT 1 FROM articles live WHERE live.slug = ${oldSlug})`;
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(query), currentSlugRow),
    );
    return rows[0]?.slug ?? null;
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
