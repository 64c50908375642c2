import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

/** Where an administrator asked Folio to POST events. */
@Entity()
export class WebhookEndpoint extends BaseEntity {
  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** The event names it receives (WEBHOOK_EVENTS). */
  @Column({ type: 'varchar', length: 40, array: true })
  events: string[];

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  /** `whsec_` and 32 random bytes in base64: shown once, when made; signs every delivery. */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /**
   * The secret before the last rotation, which also signs deliveries until `previousSecretExpiresAt`,
   * so receivers can move to the new one without refusing a delivery meanwhile.
   */
  @Column({ type: 'varchar', length: 100, nullable: true })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  previousSecretExpiresAt: Date | null;

  /** The first failed delivery since the last successful one; null while it succeeds. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  /** Why Folio disabled it (failing for too long); cleared when an administrator activates it again. */
  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;
}
