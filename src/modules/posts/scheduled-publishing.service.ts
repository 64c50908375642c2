import { Injectable, Logger } from '@nestjs/common';
import { DatabaseSession } from '../../../libs/database/database-session';
import { DomainEvents } from '../../../libs/events/domain-events';
import { JobQueue } from '../../../libs/jobs/job-queue';
import './article.events';
import { ArticlesRepository } from './articles.repository';
import './posts.jobs';

/**
 * Scheduled articles (status `scheduled`, `publishedAt` in the future) become published at their time,
 * by themselves: a job enqueued to start then, and a check every minute for any whose job was lost
 * (or that were scheduled before a restore). Each flips in one UPDATE that only a still-scheduled, due
 * article passes, with `article.published` published in the same transaction: whichever worker of
 * whichever instance gets there first publishes it, the others find nothing to do, so it happens once.
 * A rescheduled article's old job finds it not yet due and does nothing.
 */
@Injectable()
export class ScheduledPublishingService {
  private readonly logger = new Logger('ScheduledPublishing');

  constructor(
    private readonly articles: ArticlesRepository,
    private readonly session: DatabaseSession,
    private readonly events: DomainEvents,
    private readonly jobs: JobQueue,
  ) {
    jobs.define({
      name: 'article-publish',
      options: { retryLimit: 5, retryDelay: 10, retryBackoff: true },
      concurrency: 2,
      handle: ({ articleId }) => this.publishDue(articleId),
    });
    jobs.define({
      name: 'article-publish-due',
      options: { retryLimit: 0 },
      concurrency: 1,
      cron: '* * * * *',
      handle: () => this.publishDue(),
    });
  }

  /** Queues the article's publication at `at`, in the current unit of work. */
  async schedule(articleId: number, at: Date): Promise<void> {
    await this.jobs.enqueue('article-publish', { articleId }, { startAfter: at });
  }

  /** Publishes the due scheduled articles (or the one `articleId` names, if due). */
  private async publishDue(articleId?: number): Promise<void> {
    const due = await this.session.transaction(async () => {
      const rows = await this.articles.publishDue(articleId);
      for (const row of rows) {
        // A deactivated author's article is withheld instead (migration WithheldArticles): no reader sees it.
        if (row.status === 'published') await this.events.publish('article.published', row);
      }
      return rows;
    });
    for (const { slug, status } of due) {
      this.logger.log(
        status === 'published'
          ? `Published the scheduled article ${slug}`
          : `Withheld the scheduled article ${slug}: its author is deactivated`,
      );
    }
  }
}
