import { Column, Entity } from 'typeorm';
import { SecretTokenEntity } from './secret-token.entity';

/** A bearer token, stored only as the SHA-256 of the random value handed to the client. */
@Entity()
export class AccessToken extends SecretTokenEntity {
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
