import { Injectable } from '@nestjs/common';
import { BaseRepository } from '../../../libs/database/base.repository';
import { DatabaseSession } from '../../../libs/database/database-session';
import { sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper, runStatement } from '../../../libs/database/sql-row';
import { NewsletterSend } from './newsletter-send.entity';

const SUBSCRIBER_ID = rowMapper('newsletter send', (row) => row.int('subscriber_id'));

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
}
