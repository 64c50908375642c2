import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { WebhookEndpoint } from './webhook-endpoint.entity';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event for one endpoint, and how its tries went: the delivery log. */
@Entity()
@Index(['endpointId', 'id'])
export class WebhookDelivery extends BaseEntity {
  @Column({ type: 'integer' })
  endpointId: number;

  @BelongsTo(() => WebhookEndpoint)
  endpoint?: WebhookEndpoint;

  /** `msg_…`: the `webhook-id` header and the body's `id`, the same on every try. */
  @Column({ type: 'varchar', length: 40, unique: true })
  messageId: string;

  @Column({ type: 'varchar', length: 40 })
  event: string;

  /** The JSON body (a WebhookPayload), exactly as sent, and signed, on every try. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** The last try's HTTP status; null when no answer came (refused, timed out, blocked). */
  @Column({ type: 'integer', nullable: true })
  responseStatus: number | null;

  /** The first bytes of the last try's answer. */
  @Column({ type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ type: 'integer', nullable: true })
  durationMs: number | null;

  /** Why the last try failed, in one line. */
  @Column({ type: 'text', nullable: true })
  error: string | null;
}
