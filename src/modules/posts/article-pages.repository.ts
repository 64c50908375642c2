import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { queryRows } from '../../../libs/database/sql-row';
import { PUBLIC_AUTHOR_SQL } from '../profiles/public-author.sql';
import { Article } from './article.entity';
import {
  articleListPageQuery,
  articleListPageRow,
  publishedArticleQuery,
  publishedArticleRow,
} from './article-pages.query';
import { ArticleListOwner, ArticleListPage, PublishedArticle } from './article-pages.types';

/** The public site's reads: one statement a page (see article-pages.query.ts). */
@Injectable()
export class ArticlePagesRepository extends BaseRepository<Article> {
  constructor(session: DatabaseSession) {
    super(session, Article);
  }

  async findPublished(key: { slug: string } | { id: number }): Promise<PublishedArticle | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, publishedArticleQuery(key, PUBLIC_AUTHOR_SQL), publishedArticleRow),
    );
    return rows[0] ?? null;
  }

  async findListPage(owner: ArticleListOwner, limit: number): Promise<ArticleListPage | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, articleListPageQuery(owner, limit, PUBLIC_AUTHOR_SQL), articleListPageRow),
    );
    if (rows.length === 0) return null;
    const { key, name, about, image } = rows[0];
    const articles = rows.flatMap((row) => (row.article ? [row.article] : []));
    return { key, name, about, image, articles };
  }
}
