import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { queryRows } from '../../../libs/database/sql-row';
import { Article } from './article.entity';
import {
  feedQuery,
  FeedRow,
  feedRow,
  sitemapChildrenQuery,
  sitemapChildRow,
  sitemapChunkQuery,
  sitemapEntryRow,
  sitemapTopicRow,
  sitemapTopicsQuery,
  topicsFromRows,
} from './syndication.query';
import { FeedSubject, SitemapEntry, SitemapKind, SitemapTopics } from './syndication.types';

/** The read side of feeds and the sitemap: every statement in syndication.query.ts. */
@Injectable()
export class SyndicationRepository extends BaseRepository<Article> {
  constructor(session: DatabaseSession) {
    super(session, Article);
  }

  feedRows(subject: FeedSubject, limit: number): Promise<FeedRow[]> {
    return this.query((_repository, manager) =>
      queryRows(manager, feedQuery(subject, limit), feedRow),
    );
  }

  sitemapChildren(kind: SitemapKind, pageSize: number): Promise<number[]> {
    return this.query((_repository, manager) =>
      queryRows(manager, sitemapChildrenQuery(kind, pageSize), sitemapChildRow),
    );
  }

  sitemapChunk(
    kind: SitemapKind,
    after: number,
    last: number,
    limit: number,
  ): Promise<(SitemapEntry & { id: number })[]> {
    return this.query((_repository, manager) =>
      queryRows(manager, sitemapChunkQuery(kind, after, last, limit), sitemapEntryRow),
    );
  }

  async sitemapTopics(): Promise<SitemapTopics> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, sitemapTopicsQuery(), sitemapTopicRow),
    );
    return topicsFromRows(rows);
  }
}
