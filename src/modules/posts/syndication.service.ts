import { Injectable } from '@nestjs/common';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { SyndicationRepository } from './syndication.repository';
import {
  FeedContent,
  FeedSubject,
  SitemapEntry,
  SitemapKind,
  SitemapTopics,
} from './syndication.types';

/** What a 404 names for an unknown subject, as the API does (`{"errors":{"profile":["not found"]}}`). */
const NOT_FOUND: Record<Exclude<FeedSubject['kind'], 'site'>, string> = {
  author: 'profile',
  tag: 'tag',
  category: 'category',
};

/** Rows read per statement while a sitemap child streams: an index range each, a bounded buffer. */
const SITEMAP_CHUNK = 5000;
const MAX_ID = 2 ** 31 - 1;

/**
 * The public read side for feeds and the sitemap: published articles of active authors only (drafts,
 * scheduled articles and deactivated authors' articles never appear), newest first.
 */
@Injectable()
export class SyndicationService {
  constructor(private readonly repository: SyndicationRepository) {}

  /** The subject and its newest `limit` public articles; a RecordNotFoundError for an unknown one. */
  async feed(subject: FeedSubject, limit: number): Promise<FeedContent> {
    const rows = await this.repository.feedRows(subject, limit);
    if (rows.length === 0 && subject.kind !== 'site') {
      throw new RecordNotFoundError(NOT_FOUND[subject.kind]);
    }
    return {
      subject: rows[0]?.subject ?? { key: null, name: null, description: null },
      articles: rows.flatMap((row) => (row.article ? [row.article] : [])),
    };
  }

  /** The numbers (from 1) of the children of `kind` that hold at least one URL. */
  sitemapChildren(kind: SitemapKind, pageSize: number): Promise<number[]> {
    return this.repository.sitemapChildren(kind, pageSize);
  }

  /**
   * The URLs of child `page` of `kind`, read in chunks as they are consumed. Child n holds the rows with
   * id in ((n - 1) × pageSize, n × pageSize], so a child is an index range and keeps its URLs when others
   * are published. The first chunk is read at once: an empty child is a RecordNotFoundError.
   */
  async sitemapEntries(
    kind: SitemapKind,
    page: number,
    pageSize: number,
  ): Promise<AsyncIterable<SitemapEntry>> {
    const after = (page - 1) * pageSize;
    const last = Math.min(page * pageSize, MAX_ID);
    const first = after < MAX_ID ? await this.chunk(kind, after, last) : [];
    if (first.length === 0) throw new RecordNotFoundError('sitemap');
    const next = (afterId: number) => this.chunk(kind, afterId, last);
    return (async function* () {
      for (let chunk = first; ;) {
        for (const { key, lastModified, image } of chunk) yield { key, lastModified, image };
        if (chunk.length < SITEMAP_CHUNK) return;
        chunk = await next(chunk[chunk.length - 1].id);
      }
    })();
  }

  sitemapTopics(): Promise<SitemapTopics> {
    return this.repository.sitemapTopics();
  }

  private chunk(kind: SitemapKind, after: number, last: number) {
    return this.repository.sitemapChunk(kind, after, last, SITEMAP_CHUNK);
  }
}
