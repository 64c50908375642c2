import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DatabaseSession } from '../../../libs/database/database-session';
import { DomainEvents } from '../../../libs/events/domain-events';
import { JobContext, JobQueue } from '../../../libs/jobs/job-queue';
import { AppConfig } from '../../config/app-config';
import { MailerService, MailRefusedError } from '../mail/mailer.service';
import { AuthUser } from '../accounts/auth-user.types';
import { ArticlePagesService } from '../posts/article-pages.service';
import { ArticlesService } from '../posts/articles.service';
import '../posts/article.events';
import { ArticleMailingDto } from './dto/newsletter.dto';
import { NewsletterAudience } from './newsletter-audience';
import { articleMail, NewsletterSite } from './newsletter-mails';
import { NewsletterSendsRepository } from './newsletter-sends.repository';
import { NewsletterSubscribersRepository } from './newsletter-subscribers.repository';
import './newsletter.jobs';

/** Subscribers recorded and queued per transaction of the fan-out. */
const BATCH = 500;
/**
 * An article is mailed only if it was first published this recently when its fan-out runs: a
 * backdated article, one published again after a spell as a draft (it keeps its first date), an
 * author's articles coming back on reactivation are news to nobody. Also the longest the workers may
 * be stopped before a publication's newsletter is given up.
 */
const NEWS_MS = 48 * 3600_000;
/** A confirmation link that expired unused this long ago: the address is forgotten. */
const UNCONFIRMED_KEPT_MS = 7 * 24 * 3600_000;

/**
 * Mails each newly published article to the newsletter's subscribers, durably: the publication's
 * unit of work queues a `newsletter-article` job (none when nobody is subscribed); its worker records
 * a send per active subscriber and queues its `newsletter-mail` job, by batches, each batch in one
 * transaction; each mail job renders the article for its reader and hands it to the SMTP server,
 * retried with backoff as every mail is. A subscriber who left, or an article unpublished, before
 * their mail went, is not mailed.
 */
@Injectable()
export class NewsletterSendingService implements OnModuleInit {
  private readonly logger = new Logger('Newsletter');
  private readonly site: NewsletterSite;

  constructor(
    private readonly events: DomainEvents,
    private readonly audience: NewsletterAudience,
    private readonly subscribers: NewsletterSubscribersRepository,
    private readonly sends: NewsletterSendsRepository,
    private readonly articles: ArticlePagesService,
    private readonly articlesService: ArticlesService,
    private readonly mailer: MailerService,
    private readonly jobs: JobQueue,
    private readonly session: DatabaseSession,
    config: ConfigService<AppConfig, true>,
  ) {
    const { publicUrl, title, language } = config.get('site', { infer: true });
    this.site = { url: publicUrl, title, language };
    const { retentionSeconds } = config.get('jobs', { infer: true });
    // Retried, expired and kept as every mail is; sent as many at once.
    const { sending } = mailer;
    jobs.define({
      name: 'newsletter-article',
      options: { ...sending.options, expireInSeconds: 900 },
      concurrency: 1,
      handle: ({ articleId }) => this.fanOut(articleId),
    });
    jobs.define({
      name: 'newsletter-mail',
      ...sending,
      handle: ({ articleId, subscriberId }, job) => this.mail(articleId, subscriberId, job),
    });
    jobs.define({
      name: 'newsletter-cleanup',
      options: { retryLimit: 2, deleteAfterSeconds: retentionSeconds },
      concurrency: 1,
      cron: '41 3 * * *',
      handle: async () => {
        const forgotten = await this.subscribers.deleteUnconfirmedBefore(
          new Date(Date.now() - UNCONFIRMED_KEPT_MS),
        );
        if (forgotten > 0) this.logger.log(`Forgot ${forgotten} unconfirmed newsletter addresses`);
      },
    });
  }

  onModuleInit(): void {
    this.events.subscribeInTransaction(
      'article.published',
      async ({ articleId }) => {
        if (await this.audience.hasReaders()) {
          await this.jobs.enqueue('newsletter-article', { articleId });
        }
      },
      () => this.audience.knownEmpty(),
    );
  }

  /**
   * Records and queues the article's mail to every active subscriber who has not had it, unless its
   * author chose to publish it without mailing it (or it is no longer published, or no longer news).
   */
  private async fanOut(articleId: number): Promise<void> {
    // The author's choice first: it costs one lookup by id, and an unmailed article then no full read.
    if (!(await this.articles.isForNewsletter(articleId))) return;
    const article = await this.articles.findPublishedById(articleId);
    if (!article || Date.now() - article.publishedAt.getTime() > NEWS_MS) return;
    let after = 0;
    let queued = 0;
    for (;;) {
      const { batch, fresh } = await this.session.transaction(async () => {
        const ids = await this.subscribers.activeIdsAfter(after, BATCH);
        const recorded = ids.length === 0 ? [] : await this.sends.recordNew(articleId, ids);
        await this.jobs.enqueueMany(
          'newsletter-mail',
          recorded.map((subscriberId) => ({ articleId, subscriberId })),
        );
        return { batch: ids, fresh: recorded.length };
      });
      queued += fresh;
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1];
    }
    if (queued > 0) this.logger.log(`Article ${articleId} queued to ${queued} subscribers`);
  }

  /**
   * The article's mailing (Ghost's "sent to N"): whether it is to be mailed, to how many subscribers it
   * was queued and how many mails went. For those who may edit the article; a 404 or 403 for others.
   */
  async mailingOf(reader: AuthUser, slug: string): Promise<ArticleMailingDto> {
    const articleId = await this.articlesService.editableId(reader, slug);
    const newsletter = await this.articles.isForNewsletter(articleId);
    const { recipients, sent, lastSentAt } = await this.sends.mailingOf(articleId);
    return { newsletter, recipients, sent, lastSentAt: lastSentAt?.toISOString() ?? null };
  }

  /** Sends the article to the subscriber, if both are still there (published, subscribed). */
  private async mail(articleId: number, subscriberId: number, job: JobContext): Promise<void> {
    const subscriber = await this.subscribers.findActive(subscriberId);
    const article = subscriber && (await this.articles.findPublishedById(articleId));
    if (!subscriber || !article) return;
    const mail = articleMail(this.site, article, subscriber.email, subscriber.unsubscribeToken);
    try {
      await this.mailer.send(mail);
    } catch (error) {
      // Neither the address nor the mail: the subscriber's id says whose it was.
      if (error instanceof MailRefusedError) {
        // Refused for good: mailed nothing more until the address subscribes and confirms again.
        await this.subscribers.markBounced(subscriberId);
        this.logger.warn(
          `Article ${articleId} was refused for subscriber ${subscriberId}, now bounced: ${error.message}`,
        );
        throw error;
      }
      this.logger.error(
        `Article ${articleId} could not be mailed to subscriber ${subscriberId} (try ${job.retryCount + 1}, ${job.lastTry ? 'giving up' : 'will retry'}): ${MailerService.failure(error)}`,
      );
      throw error;
    }
    await this.sends.markSent(articleId, subscriberId);
  }
}
