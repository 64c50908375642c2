import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { Sql, sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import {
  NewsletterSubscriber,
  SUBSCRIBER_STATUSES,
  SubscriberStatus,
} from './newsletter-subscriber.entity';
import { randomSecret } from '../../common/secret-token';
import type { ImportedSubscriber } from './subscriber-csv';

/** What a mailed link's owner learns of their subscription. */
export interface Subscription {
  email: string;
  status: SubscriberStatus;
}

export interface SubscriberSearch {
  status?: SubscriberStatus;
  /** Part of the email, in any case. */
  email?: string;
}

const SUBSCRIPTION = rowMapper<Subscription>('subscription', (row) => ({
  email: row.string('email'),
  status: row.string('status') as SubscriberStatus,
}));

const STATUS_COUNT = rowMapper('subscriber count', (row) => ({
  status: row.string('status') as SubscriberStatus,
  count: row.int('count'),
}));

const ID = rowMapper('subscriber id', (row) => row.int('id'));

const STATUS = rowMapper('subscriber status', (row) => row.string('status') as SubscriberStatus);

/** `%`, `_` and `\` stand for themselves in an ILIKE pattern made of a reader's text. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `query` (of subscribers `s`) narrowed to those matching `search`. */
function matching(
  query: SelectQueryBuilder<NewsletterSubscriber>,
  search: SubscriberSearch,
): SelectQueryBuilder<NewsletterSubscriber> {
  if (search.status) query.andWhere('s.status = :status', { status: search.status });
  if (search.email) {
    query.andWhere(`s.email ILIKE :pattern ESCAPE '\\'`, { pattern: likePattern(search.email) });
  }
  return query;
}

@Injectable()
export class NewsletterSubscribersRepository extends BaseRepository<NewsletterSubscriber> {
  constructor(session: DatabaseSession) {
    super(session, NewsletterSubscriber, 'subscriber');
  }

  /** The address's subscription in any case, its row locked until the transaction ends; or null. */
  findByEmailForUpdate(email: string): Promise<NewsletterSubscriber | null> {
    return this.query((repository) =>
      repository
        .createQueryBuilder('s')
        .setLock('pessimistic_write')
        .where('lower(s.email) = lower(:email)', { email })
        .getOne(),
    );
  }

  /**
   * Adds `email` as pending with its confirmation link, unless the address is here already (in any
   * case); whether it was added. Two requests racing for one new address: one adds it, the other finds it.
   */
  async insertPending(
    email: string,
    link: { hash: string; expiresAt: Date },
    unsubscribeToken: string,
  ): Promise<boolean> {
    const rows = await this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(sql`INSERT INTO newsletter_subscribers
            (email, status, confirm_token_hash, confirm_expires_at, unsubscribe_token)
          VALUES (${email}, 'pending', ${link.hash}, ${link.expiresAt}, ${unsubscribeToken})
          ON CONFLICT ((lower(email))) DO NOTHING
          RETURNING id`),
        ID,
      ),
    );
    return rows.length > 0;
  }

  /**
   * Makes the pending or active subscription whose confirmation link holds `hash` active, while the
   * link is valid; an active one stays as it is (a second click). Null: no such live link.
   */
  confirm(hash: string): Promise<Subscription | null> {
    return this.one(sql`UPDATE newsletter_subscribers
        SET status = 'active', confirmed_at = COALESCE(confirmed_at, now()), unsubscribed_at = NULL,
            bounced_at = NULL,
            updated_at = CASE WHEN status = 'active' THEN updated_at ELSE now() END
      WHERE confirm_token_hash = ${hash} AND confirm_expires_at > now()
        AND status IN ('pending', 'active')
      RETURNING email, status`);
  }

  /**
   * Unsubscribes the address whose unsubscribe link holds `token` (an unsubscribed one stays as it
   * was): its confirmation link stops working. Null: no such token.
   */
  unsubscribe(token: string): Promise<Subscription | null> {
    return this.one(sql`UPDATE newsletter_subscribers
        SET status = 'unsubscribed', confirm_token_hash = NULL, confirm_expires_at = NULL,
            unsubscribed_at = CASE WHEN status = 'unsubscribed' THEN unsubscribed_at ELSE now() END,
            updated_at = CASE WHEN status = 'unsubscribed' THEN updated_at ELSE now() END
      WHERE unsubscribe_token = ${token}
      RETURNING email, status`);
  }

  /**
   * Makes the address whose unsubscribe link holds `token` active again: the link reached its mailbox,
   * which proves it as a confirmation would. Null: no such token.
   */
  resubscribe(token: string): Promise<Subscription | null> {
    return this.one(sql`UPDATE newsletter_subscribers
        SET status = 'active', unsubscribed_at = NULL, confirmed_at = COALESCE(confirmed_at, now()),
            confirm_token_hash = NULL, confirm_expires_at = NULL, bounced_at = NULL,
            updated_at = CASE WHEN status = 'active' THEN updated_at ELSE now() END
      WHERE unsubscribe_token = ${token}
      RETURNING email, status`);
  }

  /** Whether any address is subscribed (confirmed and not gone). */
  hasActive(): Promise<boolean> {
    return this.exists({ status: 'active' });
  }

  /**
   * The active subscriber `id` is `bounced`: the receiving server refused its mail for good. Whether it
   * was active (one who left meanwhile stays as they chose).
   */
  async markBounced(id: number): Promise<boolean> {
    const rows = await this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(sql`UPDATE newsletter_subscribers
            SET status = 'bounced', bounced_at = now(), updated_at = now()
          WHERE id = ${id} AND status = 'active'
          RETURNING id`),
        ID,
      ),
    );
    return rows.length > 0;
  }

  /** Up to `limit` active subscribers' ids after `afterId`, in id order: the fan-out's next batch. */
  activeIdsAfter(afterId: number, limit: number): Promise<number[]> {
    return this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(sql`SELECT id FROM newsletter_subscribers
          WHERE status = 'active' AND id > ${afterId} ORDER BY id LIMIT ${limit}`),
        ID,
      ),
    );
  }

  /** The subscriber `id` if it is still active, or null. */
  findActive(id: number): Promise<NewsletterSubscriber | null> {
    return this.findOne({ id, status: 'active' });
  }

  /** A page of subscribers matching `search`, newest first, and how many match in all. */
  search(search: SubscriberSearch, limit: number, offset: number) {
    return this.query((repository) => {
      const query = matching(repository.createQueryBuilder('s'), search);
      // Newest first by when they subscribed (an imported list keeps its dates), then as added.
      return query
        .orderBy('s.createdAt', 'DESC')
        .addOrderBy('s.id', 'DESC')
        .take(limit)
        .skip(offset)
        .getManyAndCount();
    });
  }

  /** How many subscribers each status has (every status, 0 included). */
  async countsByStatus(): Promise<Record<SubscriberStatus, number>> {
    const rows = await this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(
          sql`SELECT status, count(*)::int AS count FROM newsletter_subscribers GROUP BY status`,
        ),
        STATUS_COUNT,
      ),
    );
    const counts = Object.fromEntries(SUBSCRIBER_STATUSES.map((status) => [status, 0]));
    for (const { status, count } of rows) counts[status] = count;
    return counts as Record<SubscriberStatus, number>;
  }

  /** Deletes the addresses that never confirmed a link that expired before `before`; how many. */
  deleteUnconfirmedBefore(before: Date): Promise<number> {
    return this.query(async (repository) => {
      const result = await repository
        .createQueryBuilder()
        .delete()
        .where(`status = 'pending' AND confirmed_at IS NULL AND confirm_expires_at < :before`, {
          before,
        })
        .execute();
      return result.affected ?? 0;
    });
  }

  /**
   * Adds the addresses that are not subscribers yet (in any case), each with its status, its date and
   * a new unsubscribe token, in one statement; an address already here is left as it is. Returns the
   * added ones' statuses.
   */
  importMany(rows: readonly ImportedSubscriber[]): Promise<SubscriberStatus[]> {
    if (rows.length === 0) return Promise.resolve([]);
    const emails = rows.map((row) => row.email);
    const statuses = rows.map((row) => row.status);
    const iso = (date: Date | null) => date?.toISOString() ?? null;
    const since = rows.map((row) => iso(row.createdAt));
    const confirmed = rows.map((row) => iso(row.confirmedAt));
    const left = rows.map((row) => iso(row.unsubscribedAt));
    const tokens = rows.map(() => randomSecret());
    return this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(sql`INSERT INTO newsletter_subscribers
            (email, status, created_at, confirmed_at, unsubscribed_at, unsubscribe_token)
          SELECT r.email, r.status, COALESCE(r.since, now()),
                 COALESCE(r.confirmed, r.since, now()),
                 CASE WHEN r.status = 'unsubscribed' THEN COALESCE(r.left_at, now()) END, r.token
            FROM unnest(${emails}::varchar[], ${statuses}::varchar[], ${since}::timestamptz[],
                        ${confirmed}::timestamptz[], ${left}::timestamptz[], ${tokens}::varchar[])
              AS r(email, status, since, confirmed, left_at, token)
          ON CONFLICT ((lower(email))) DO NOTHING
          RETURNING status`),
        STATUS,
      ),
    );
  }

  /** Up to `limit` subscribers matching `search` after `afterId`, in the order they were added: the export's next page. */
  exportPage(
    search: SubscriberSearch,
    afterId: number,
    limit: number,
  ): Promise<NewsletterSubscriber[]> {
    return this.query((repository) =>
      matching(repository.createQueryBuilder('s'), search)
        .andWhere('s.id > :afterId', { afterId })
        .orderBy('s.id', 'ASC')
        .take(limit)
        .getMany(),
    );
  }

  private async one(update: Sql): Promise<Subscription | null> {
    const rows = await this.query((_repository, manager) =>
      queryRows(manager, statement(update), SUBSCRIPTION),
    );
    return rows[0] ?? null;
  }
}
