import { Inject, Injectable } from '@nestjs/common';
import { DatabaseSession } from '../../../libs/database/database-session';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { AuthConfig } from '../../config/app-config';
import './account.events';
import { AccessTokensRepository } from './access-tokens.repository';
import { AUTH_CONFIG } from './auth-config.provider';
import { AuthUser } from './auth-user.types';
import { hashSecretToken, newSecretToken } from '../../common/secret-token';
import { User } from './user.entity';

const DAY_MS = 24 * 60 * 60 * 1000;
/** last_used_at is a hint, not an audit log: write it at most once a minute per token. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface Authentication {
  user: AuthUser;
  tokenId: number;
}

export function toAuthUser(
  user: Pick<User, 'id' | 'username' | 'email' | 'role' | 'isVerified'>,
): AuthUser {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    isVerified: user.isVerified,
  };
}

@Injectable()
export class AccessTokensService {
  constructor(
    private readonly tokens: AccessTokensRepository,
    private readonly session: DatabaseSession,
    private readonly events: DomainEvents,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** A new token for the user; only its hash is stored. */
  async issue(userId: number): Promise<string> {
    // A sign-up or sign-in is anonymous until it answers: its user's next reads must see what it wrote
    // (the account, when new) although no replica may have it yet.
    this.session.freshReadsFor(userId);
    const { token, hash } = newSecretToken();
    await this.tokens.create({
      userId,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + this.config.tokenTtlDays * DAY_MS),
      lastUsedAt: new Date(),
    });
    return token;
  }

  /** The user a token belongs to; a 401 when it is unknown, revoked, expired or its user deactivated. */
  async authenticate(token: string): Promise<Authentication> {
    const found = await this.tokens.findWithUser(hashSecretToken(token));
    if (!found?.user.isActive) {
      throw new ApiError(401, { token: 'is invalid' });
    }
    const now = Date.now();
    if (found.expiresAt.getTime() <= now) throw new ApiError(401, { token: 'is expired' });
    if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      // A kept token is this same object: set first, the next requests find it touched.
      found.lastUsedAt = new Date(now);
      await this.tokens.touch(found.id, found.lastUsedAt);
    }
    return { user: toAuthUser(found.user), tokenId: found.id };
  }

  /**
   * Revokes one token: it stops working at once on this instance, and on the others as soon as the
   * change's notification reaches them (AccessCache).
   */
  async revoke(tokenId: number): Promise<void> {
    await this.tokens.delete(tokenId);
  }

  /**
   * Revokes every token of the user, or all but `exceptTokenId`; what else could sign them in
   * (`user.sessions_revoked`'s subscribers) goes in the same transaction.
   */
  async revokeAll(userId: number, exceptTokenId?: number): Promise<number> {
    const revoked = await this.tokens.deleteForUser(userId, exceptTokenId);
    await this.events.publish('user.sessions_revoked', { userId });
    return revoked;
  }
}
