import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DatabaseSession } from '../../../libs/database/database-session';
import { ApiError } from '../../common/api-exception.filter';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination-query.dto';
import { hashSecretToken, newSecretToken, randomSecret } from '../../common/secret-token';
import { AppConfig } from '../../config/app-config';
import { MailerService } from '../mail/mailer.service';
import {
  ListSubscribersQuery,
  SubscriberFilterQuery,
  SubscribersResponseDto,
} from './dto/newsletter.dto';
import { confirmationMail, NewsletterSite } from './newsletter-mails';
import { ImportedSubscriber, subscriberCsvRows } from './subscriber-csv';
import { NewsletterSubscribersRepository, Subscription } from './newsletter-subscribers.repository';

/** Addresses written (or read for the export) per statement. */
const IMPORT_BATCH = 5000;

/** What an import added, by status, and how many of its addresses were here already. */
export interface SubscriberImport {
  active: number;
  unsubscribed: number;
  kept: number;
}

/** How long a confirmation link works. */
const CONFIRM_LINK_MS = 48 * 3600_000;

/** The subscription a link's token named, or the 400 of a link that does not work (any more). */
function live(subscription: Subscription | null): Subscription {
  if (!subscription) throw new ApiError(400, { token: 'is invalid or expired' });
  return subscription;
}

/**
 * The newsletter's readers: subscribing (double opt-in), confirming, leaving and coming back by a
 * mailed link, and the administrators' list.
 */
@Injectable()
export class NewsletterService {
  private readonly site: NewsletterSite;

  constructor(
    private readonly subscribers: NewsletterSubscribersRepository,
    private readonly mailer: MailerService,
    private readonly session: DatabaseSession,
    config: ConfigService<AppConfig, true>,
  ) {
    const { publicUrl, title, language } = config.get('site', { infer: true });
    this.site = { url: publicUrl, title, language };
  }

  /**
   * Mails `email` a confirmation link, unless it is subscribed already: a new address, a pending one
   * (a new link; the earlier one stops working) and one that left all need their owner's yes. The
   * answer is the same in every case, so it tells nobody who reads the blog.
   */
  async subscribe(email: string): Promise<void> {
    await this.session.transaction(async () => {
      const { token, hash } = newSecretToken();
      const expiresAt = new Date(Date.now() + CONFIRM_LINK_MS);
      if (!(await this.subscribers.insertPending(email, { hash, expiresAt }, randomSecret()))) {
        const known = await this.subscribers.findByEmailForUpdate(email);
        if (!known || known.status === 'active') return;
        await this.subscribers.update(known.id, {
          status: 'pending',
          confirmTokenHash: hash,
          confirmExpiresAt: expiresAt,
        });
      }
      // Mailed to the address as it is now typed: its owner's way of writing it.
      await this.mailer.enqueue(confirmationMail(this.site, email, token));
    });
  }

  async confirm(token: string): Promise<Subscription> {
    return live(await this.subscribers.confirm(hashSecretToken(token)));
  }

  async unsubscribe(token: string): Promise<Subscription> {
    return live(await this.subscribers.unsubscribe(token));
  }

  async resubscribe(token: string): Promise<Subscription> {
    return live(await this.subscribers.resubscribe(token));
  }

  async list(query: ListSubscribersQuery): Promise<SubscribersResponseDto> {
    const [rows, subscribersCount] = await this.subscribers.search(
      { status: query.status, email: query.q },
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.offset ?? 0,
    );
    return {
      subscribers: rows.map(
        ({ id, email, status, createdAt, confirmedAt, unsubscribedAt, bouncedAt }) => ({
          id,
          email,
          status,
          createdAt,
          confirmedAt,
          unsubscribedAt,
          bouncedAt,
        }),
      ),
      subscribersCount,
      counts: await this.subscribers.countsByStatus(),
    };
  }

  /**
   * Adds a list's addresses moved in (a Ghost members export, Folio's own export) as subscribers,
   * without a confirmation mail: they subscribed on the old site. An address already here is left as
   * it is (one who unsubscribed stays so). With `dryRun`, nothing is kept.
   */
  async importSubscribers(
    subscribers: readonly ImportedSubscriber[],
    dryRun: boolean,
  ): Promise<SubscriberImport> {
    const outcome: SubscriberImport = { active: 0, unsubscribed: 0, kept: 0 };
    const rollBack = new Error('dry run');
    try {
      await this.session.transaction(async () => {
        for (let start = 0; start < subscribers.length; start += IMPORT_BATCH) {
          const batch = subscribers.slice(start, start + IMPORT_BATCH);
          const added = await this.subscribers.importMany(batch);
          for (const status of added) {
            if (status === 'active' || status === 'unsubscribed') outcome[status]++;
          }
          outcome.kept += batch.length - added.length;
        }
        if (dryRun) throw rollBack;
      });
    } catch (error) {
      if (error !== rollBack) throw error;
    }
    return outcome;
  }

  /**
   * The subscribers matching `filter` as CSV (`email,status,created_at,confirmed_at,unsubscribed_at,bounced_at`),
   * in the order they were added.
   */
  async *exportCsv(filter: SubscriberFilterQuery): AsyncGenerator<string> {
    const search = { status: filter.status, email: filter.q };
    let after = 0;
    for (let header = true; ; header = false) {
      const page = await this.subscribers.exportPage(search, after, IMPORT_BATCH);
      if (page.length > 0 || header) yield subscriberCsvRows(page, header);
      if (page.length < IMPORT_BATCH) return;
      after = page[page.length - 1].id;
    }
  }

  /** Forgets the address and which articles it was mailed; 404 when there is none. */
  async delete(id: number): Promise<void> {
    if (!(await this.subscribers.delete(id))) throw new ApiError(404, { subscriber: 'not found' });
  }
}
