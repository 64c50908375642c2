import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';
import { BelongsTo } from '../../common/belongs-to.decorator';
import { User } from '../accounts/user.entity';

/**
 * A sign-in (or a link) started with a provider and not yet back: what the callback must check. Kept
 * server-side for a few minutes and deleted by the callback that uses it, whatever its outcome.
 */
@Entity()
export class ProviderLogin extends BaseEntity {
  /** SHA-256 of the `state` sent to the provider. */
  @Column({ type: 'char', length: 64, unique: true })
  stateHash: string;

  /** SHA-256 of the value in the browser's cookie: the callback must come from the browser that started. */
  @Column({ type: 'char', length: 64 })
  browserHash: string;

  @Column({ type: 'varchar', length: 64 })
  provider: string;

  /** OpenID Connect's nonce, expected in the ID token; null for plain OAuth 2.0 (GitHub). */
  @Column({ type: 'varchar', length: 128, nullable: true })
  nonce: string | null;

  /** PKCE: the secret whose hash went to the provider with the authorization request. */
  @Column({ type: 'varchar', length: 128 })
  codeVerifier: string;

  /** The web app's path to return to. */
  @Column({ type: 'varchar', length: 2048 })
  returnTo: string;

  /** Set when a signed-in user links the provider to their account. */
  @Index()
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @BelongsTo(() => User)
  user?: User;

  @Index()
  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
