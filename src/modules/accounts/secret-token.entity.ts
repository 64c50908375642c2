import { Column, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { User } from './user.entity';

/**
 * What every token handed to a user has in the database: its owner, the SHA-256 of the random value
 * (see src/common/secret-token.ts, never the value itself) and its expiry. Each kind of token is its own table.
 */
export abstract class SecretTokenEntity extends BaseEntity {
  @Index()
  @Column({ type: 'integer' })
  userId: number;

  @BelongsTo(() => User)
  user?: User;

  @Column({ type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}

/**
 * A secret that works once (an emailed link's token, a provider sign-in's exchange code): spent by
 * setting `usedAt` (src/common/single-use-secret.ts).
 */
export abstract class SingleUseSecretEntity extends SecretTokenEntity {
  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
