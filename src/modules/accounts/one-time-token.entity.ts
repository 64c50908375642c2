import { Column, Entity } from 'typeorm';
import { SingleUseSecretEntity } from './secret-token.entity';

export type OneTimeTokenPurpose = 'verify-email' | 'reset-password' | 'invitation';

/** An emailed token for verification, a password reset or an invitation: hashed, expiring, single use. */
@Entity()
export class OneTimeToken extends SingleUseSecretEntity {
  @Column({ type: 'varchar', length: 32 })
  purpose: OneTimeTokenPurpose;
}
