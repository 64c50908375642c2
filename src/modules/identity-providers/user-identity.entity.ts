import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { User } from '../accounts/user.entity';

/** A provider's account linked to a Folio user: one per provider and subject, one per user and provider. */
@Entity()
@Index(['provider', 'subject'], { unique: true })
@Index(['userId', 'provider'], { unique: true })
export class UserIdentity extends BaseEntity {
  @Column({ type: 'integer' })
  userId: number;

  @BelongsTo(() => User)
  user?: User;

  /** The provider's name in Folio's settings (OAUTH_<NAME>_*), lower case. */
  @Column({ type: 'varchar', length: 64 })
  provider: string;

  /** The provider's stable id of its user: the ID token's `sub`, GitHub's numeric id. */
  @Column({ type: 'varchar', length: 255 })
  subject: string;

  /** The email the provider gave at the last sign-in, for the user's list of links. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;
}
