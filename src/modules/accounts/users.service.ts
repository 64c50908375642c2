import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DatabaseSession } from '../../../libs/database/database-session';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { AppConfig } from '../../config/app-config';
import { AccessTokensService } from './access-tokens.service';
import './account.events';
import { AccountEmailsService } from './account-emails.service';
import { UserView } from './dto/user-response.dto';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface UserUpdate {
  email?: string;
  username?: string;
  password?: string;
  bio?: string | null;
  image?: string | null;
}

export function toUserView(user: User, token: string): UserView {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio ?? null,
    image: user.image ?? null,
    isVerified: user.isVerified,
    role: user.role,
    isSuperuser: user.role === 'administrator',
  };
}

/** Accounts as their owners see them: register, log in, read and change themselves. */
@Injectable()
export class UsersService {
  /** Whether anyone may register (SIGNUPS=open), or only administrators make accounts (invitations). */
  private readonly signUpsOpen: boolean;

  constructor(
    private readonly users: UsersRepository,
    private readonly accessTokens: AccessTokensService,
    private readonly accountEmails: AccountEmailsService,
    private readonly hasher: PasswordHasher,
    private readonly session: DatabaseSession,
    private readonly events: DomainEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.signUpsOpen = config.get('site', { infer: true }).signups === 'open';
  }

  /**
   * Creates the account (409 on a taken email or username), mails a verification link, signs in; 403
   * when sign-ups are by invitation.
   */
  async register(input: Registration): Promise<UserView> {
    if (!this.signUpsOpen) {
      throw new ApiError(403, { user: 'sign-ups are by invitation: ask an administrator' });
    }
    // Hash before the first query: the request's transaction holds no connection while argon2 works.
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.users.create({
      email: input.email,
      username: input.username,
      passwordHash,
    });
    const token = await this.accessTokens.issue(user.id);
    await this.accountEmails.sendVerification(user);
    await this.events.publish('user.registered', { userId: user.id, username: user.username });
    return toUserView(user, token);
  }

  /**
   * 401 `credentials: invalid` for an unknown email, a wrong password or a deactivated account alike;
   * an unknown email costs one argon2 verification too, so timing does not tell accounts apart.
   */
  async login(email: string, password: string): Promise<UserView> {
    // Read on the pool: the request's transaction (a pooled connection) opens only after argon2.
    const user = await this.session.outsideTransaction(() => this.users.findByEmail(email));
    // An account made by an identity provider has no password (null) until its owner sets one.
    const hash = user?.passwordHash;
    const valid = hash
      ? await this.hasher.verify(hash, password)
      : await this.hasher.verifyNothing(password);
    if (!user || !hash || !valid || !user.isActive) {
      throw new ApiError(401, { credentials: 'invalid' });
    }
    // A reset, password change or deactivation may have committed while we hashed: check again under
    // a row lock, so no token outlives "sign out everywhere" and a rehash never restores an old password.
    const current = await this.users.getForUpdate(user.id);
    if (current.passwordHash !== user.passwordHash || !current.isActive) {
      throw new ApiError(401, { credentials: 'invalid' });
    }
    if (this.hasher.needsRehash(hash)) {
      await this.users.update(user.id, { passwordHash: await this.hasher.hash(password) });
    }
    const token = await this.accessTokens.issue(user.id);
    return toUserView(current, token);
  }

  async current(userId: number, token: string): Promise<UserView> {
    return toUserView(await this.users.getOne({ id: userId }), token);
  }

  /**
   * Changes the account. A new email is unverified until confirmed (a link is mailed) and spends every
   * link mailed before it; a new password signs out every other session and spends the reset links.
   */
  async update(
    userId: number,
    tokenId: number,
    token: string,
    input: UserUpdate,
  ): Promise<UserView> {
    const passwordHash = input.password ? await this.hasher.hash(input.password) : undefined;
    // Locked: two concurrent changes of email must not leave a mailed link for an address it no longer has.
    const before = await this.users.getForUpdate(userId);
    const changes: QueryDeepPartialEntity<User> = {};
    // Settings pages send the whole user: a value unchanged is not written (nor notified, AccessCache).
    if (input.username !== undefined && input.username !== before.username) {
      changes.username = input.username;
    }
    if (input.bio !== undefined) changes.bio = input.bio || null;
    if (input.image !== undefined) changes.image = input.image || null;
    const newEmail = input.email;
    const emailChanged =
      newEmail !== undefined && newEmail.toLowerCase() !== before.email.toLowerCase();
    if (newEmail !== undefined && newEmail !== before.email) changes.email = newEmail;
    if (emailChanged) changes.isVerified = false;
    if (passwordHash) changes.passwordHash = passwordHash;
    const user = Object.keys(changes).length ? await this.users.update(userId, changes) : before;
    // Links mailed before the change must not outlive what they vouch for: a reset link sent to the old
    // address, or before a new password, would undo it. A verification link vouches for the address
    // only: a new password keeps it working (FastAPI Users' rule), a new address spends it.
    if (emailChanged) await this.accountEmails.retireAll(userId);
    else if (passwordHash) await this.accountEmails.retireResetLinks(userId);
    if (emailChanged) await this.accountEmails.sendVerification(user);
    if (passwordHash) await this.accessTokens.revokeAll(userId, tokenId);
    return toUserView(user, token);
  }
}
