import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { User } from '../accounts/user.entity';

/**
 * The one-time code the callback hands the web app in its redirect, in place of a token: the app trades
 * it for the user's token by POST, from the same browser. Only its SHA-256 is stored; it lives a minute and
 * works once.
 */
@Entity()
export class ProviderExchangeCode extends BaseEntity {
  @Index()
  @Column({ type: 'integer' })
  userId: number;

  @BelongsTo(() => User)
  user?: User;

  @Column({ type: 'char', length: 64, unique: true })
  codeHash: string;

  /** The SHA-256 of the `folio_oauth` cookie of the browser that signed in: only it can trade the code. */
  @Column({ type: 'char', length: 64 })
  browserHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
