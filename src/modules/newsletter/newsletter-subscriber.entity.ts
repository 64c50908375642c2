import { Check, Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

export const SUBSCRIBER_STATUSES = ['pending', 'active', 'unsubscribed', 'bounced'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

/** The case-insensitive unique index on lower(email), hand-written in the Newsletter migration. */
export const SUBSCRIBER_EMAIL_INDEX = 'ux_newsletter_subscribers_lower_email';

/**
 * An address that asked for the blog's articles by mail. It is `pending` until its owner follows the
 * mailed confirmation link (double opt-in: nobody is mailed articles on someone else's word), `active`
 * from then on, and `unsubscribed` once they leave (the row stays, so the admin list tells why an
 * address gets nothing). It is `bounced` once the receiving server refused an article's mail to it for
 * good (no such mailbox): it is mailed nothing more until it subscribes and confirms again. Not tied to an account: a reader needs none, and an account's deletion is
 * not a subscriber's.
 */
@Entity()
@Index(SUBSCRIBER_EMAIL_INDEX, { synchronize: false })
@Check(
  'ck_newsletter_subscribers_status',
  `"status" IN ('pending', 'active', 'unsubscribed', 'bounced')`,
)
// A pending address waits for its link: its hash and expiry are there until it is confirmed.
@Check(
  'ck_newsletter_subscribers_pending_token',
  `"status" <> 'pending' OR ("confirm_token_hash" IS NOT NULL AND "confirm_expires_at" IS NOT NULL)`,
)
// The fan-out reads the active ones by id.
@Index(['status', 'id'])
export class NewsletterSubscriber extends BaseEntity {
  /** As typed (trimmed, NFC), unique whatever its case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: SubscriberStatus;

  /** SHA-256 of the confirmation link's token; the token itself is only in the mail. */
  @Column({ type: 'varchar', length: 64, nullable: true, unique: true })
  confirmTokenHash: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmExpiresAt: Date | null;

  /**
   * The token of every newsletter mail's unsubscribe link (its List-Unsubscribe header included). Kept
   * as it is, not hashed: each mail must carry it, and it can do nothing but unsubscribe (or subscribe
   * again) the one address it was mailed to.
   */
  @Column({ type: 'varchar', length: 64, unique: true })
  unsubscribeToken: string;

  /** When the address was confirmed first; kept through an unsubscription. */
  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  unsubscribedAt: Date | null;

  /** When the receiving server last refused its mail for good; cleared when it is confirmed again. */
  @Column({ type: 'timestamptz', nullable: true })
  bouncedAt: Date | null;
}
