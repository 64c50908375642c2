import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper, runStatement } from '../../../libs/database/sql-row';
import { NewsletterSend } from './newsletter-send.entity';

const SUBSCRIBER_ID = rowMapper('newsletter send', (row) => row.int('subscriber_id'));

/** An article's mailing: to how many subscribers it was queued, how many the SMTP server took, when. */
export interface ArticleMailing {
  recipients: number;
  sent: number;
  lastSentAt: Date | null;
}

const MAILING = rowMapper<ArticleMailing>('article mailing', (row) => ({
  recipients: row.int('recipients'),
  sent: row.int('sent'),
  lastSentAt: row.nullableDate('lastSentAt'),
}));

@Injectable()
export class NewsletterSendsRepository extends BaseRepository<NewsletterSend> {
  constructor(session: DatabaseSession) {
    super(session, NewsletterSend, 'send');
  }

  /**
   * Records the article's mail to each of `subscriberIds` that has none yet; returns those, in one
   * statement. The others were mailed before (a retried batch, an article published again).
   */
  recordNew(articleId: number, subscriberIds: readonly number[]): Promise<number[]> {
    return this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(sql`INSERT INTO newsletter_sends (article_id, subscriber_id)
          SELECT ${articleId}, s FROM unnest(${subscriberIds}::int[]) s
          ON CONFLICT (article_id, subscriber_id) DO NOTHING
          RETURNING subscriber_id`),
        SUBSCRIBER_ID,
      ),
    );
  }

  /** Notes that the SMTP server took the article's mail to the subscriber. */
  markSent(articleId: number, subscriberId: number): Promise<void> {
    return this.query((_repository, manager) =>
      runStatement(
        manager,
        statement(sql`UPDATE newsletter_sends SET sent_at = now(), updated_at = now()
          WHERE article_id = ${articleId} AND subscriber_id = ${subscriberId}`),
      ),
    );
  }

  /** The article's mailing, from its sends (unique per subscriber): one index range. */
  async mailingOf(articleId: number): Promise<ArticleMailing> {
    const [mailing] = await this.query((_repository, manager) =>
      queryRows(
        manager,
        statement(sql`SELECT count(*)::int AS recipients, count(sent_at)::int AS sent,
            max(sent_at) AS "lastSentAt"
          FROM newsletter_sends WHERE article_id = ${articleId}`),
        MAILING,
      ),
    );
    return mailing;
  }
}
