import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DatabaseSession } from '../../../libs/database/database-session';
import { JobQueue } from '../../../libs/jobs/job-queue';
import type { AppConfig } from '../../config/app-config';
import { ArticlesRepository } from './articles.repository';
import './posts.jobs';

/**
 * Search's recent tier (`articles.search_recent`, migration RecentSearch): a published search ranks
 * the matches among the newest published articles when they hold enough (articleListQuery), so a
 * broad word costs a few hundred recent rows instead of every match in a million. Articles join the
 * tier as they are published (a trigger); this hourly job keeps it the newest SEARCH_RECENT_ARTICLES:
 * it takes out the older ones and puts back any of the newest that are missing (rows written with
 * triggers off, as a restore or a bulk import may, or a larger SEARCH_RECENT_ARTICLES). Between runs
 * the tier only grows, which costs a little speed, never a match.
 */
@Injectable()
export class RecentSearchService {
  private readonly logger = new Logger('RecentSearch');
  private readonly keep: number;

  constructor(
    private readonly articles: ArticlesRepository,
    private readonly session: DatabaseSession,
    config: ConfigService<AppConfig, true>,
    jobs: JobQueue,
  ) {
    this.keep = config.get('posts', { infer: true }).searchRecentArticles;
    jobs.define({
      name: 'article-search-trim',
      options: { retryLimit: 2, retryDelay: 60 },
      concurrency: 1,
      cron: '23 * * * *',
      handle: () => this.keepTier().then(() => undefined),
    });
  }

  /** Makes the tier the newest SEARCH_RECENT_ARTICLES published articles; how many left and joined. */
  async keepTier(): Promise<{ trimmed: number; added: number }> {
    const changed = await this.session.transaction(() => this.articles.keepRecentSearch(this.keep));
    if (changed.trimmed > 0 || changed.added > 0) {
      this.logger.log(
        `Search's recent tier: ${changed.trimmed} older articles out, ${changed.added} missing ones in`,
      );
    }
    return changed;
  }
}
