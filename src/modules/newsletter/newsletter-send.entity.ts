import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { Article } from '../posts/article.entity';
import { NewsletterSubscriber } from './newsletter-subscriber.entity';

/**
 * An article's mail to one subscriber: written (with its job) before the mail goes, once. The unique
 * pair is what makes the fan-out safe to run again: a retried batch, an article unpublished and
 * published again, never mail anyone twice.
 */
@Entity()
@Index(['articleId', 'subscriberId'], { unique: true })
@Index(['subscriberId'])
export class NewsletterSend extends BaseEntity {
  @Column({ type: 'integer' })
  articleId: number;

  @BelongsTo(() => Article)
  article?: Article;

  @Column({ type: 'integer' })
  subscriberId: number;

  @BelongsTo(() => NewsletterSubscriber)
  subscriber?: NewsletterSubscriber;

  /** When the SMTP server took the mail; null while it waits (or was dropped: unsubscribed, unpublished). */
  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
