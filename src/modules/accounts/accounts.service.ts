import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../../../libs/events/domain-events';
import './account.events';
import { ApiError } from '../../common/api-exception.filter';
import { AccountEmailsService } from './account-emails.service';
import { Account, AccountFilter, AccountFlags, Invitation } from './account.types';
import { freeUsername } from './free-username';
import { AccessTokensService } from './access-tokens.service';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

function toAccount(user: User): Account {
  return {
    id: user.id,
    email: user.email,
    username: user.username,
    bio: user.bio ?? null,
    image: user.image ?? null,
    isActive: user.isActive,
    isVerified: user.isVerified,
    role: user.role,
    hasPassword: user.passwordHash !== null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

/**
 * The accounts as the other modules (profiles, admin) use them. Every call runs in the request's
 * transaction, so a caller's checks and writes stay one unit of work.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accessTokens: AccessTokensService,
    private readonly accountEmails: AccountEmailsService,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Makes the invited person's account (409 on a taken email or username), with the role and no
   * password, and mails them the link to choose one: opening it verifies the address too.
   */
  async invite(invitation: Invitation): Promise<Account> {
    const { email } = invitation;
    const user = await this.users.create({
      email,
      username: invitation.username ?? (await freeUsername(this.users, email.split('@')[0])),
      passwordHash: null,
      role: invitation.role,
    });
    await this.accountEmails.sendInvitation(user);
    await this.events.publish('user.registered', { userId: user.id, username: user.username });
    return toAccount(user);
  }

  /**
   * Mails a new invitation link (the earlier ones stop working) while the invitation is pending: no
   * password, the address not proven. 409 once its owner chose a password (a forgotten one is reset by
   * its owner), for an identity provider's account, and for a deactivated one.
   */
  async resendInvitation(id: number): Promise<Account> {
    const user = await this.users.findForUpdate(id);
    if (!user) throw new ApiError(404, { user: 'not found' });
    if (user.passwordHash !== null) {
      throw new ApiError(409, { user: 'has chosen a password already' });
    }
    if (user.isVerified) throw new ApiError(409, { user: 'signs in through an identity provider' });
    if (!user.isActive) throw new ApiError(409, { user: 'is deactivated' });
    await this.accountEmails.sendInvitation(user);
    return toAccount(user);
  }

  async findById(id: number): Promise<Account | null> {
    const user = await this.users.findOne({ id });
    return user && toAccount(user);
  }

  /** In any case: usernames are unique whatever their case. */
  async findByUsername(username: string): Promise<Account | null> {
    const user = await this.users.findByUsername(username);
    return user && toAccount(user);
  }

  /** One statement whatever the count; ids with no account are left out. */
  async findByIds(ids: readonly number[]): Promise<Account[]> {
    return (await this.users.findByIds(ids)).map(toAccount);
  }

  /** A page of accounts, newest first (after `beforeId`), with the count of all that match. */
  async search(
    filter: AccountFilter,
    limit: number,
    offset: number,
    beforeId: number | null = null,
  ): Promise<[Account[], number]> {
    const [users, count] = await this.users.search(filter, limit, offset, beforeId);
    return [users.map(toAccount), count];
  }

  /** See UsersRepository.lockActiveAdministratorIds: the rows stay locked until the transaction ends. */
  lockActiveAdministratorIds(): Promise<number[]> {
    return this.users.lockActiveAdministratorIds();
  }

  /**
   * Sets the flags; a deactivated account is signed out everywhere. A change of `isActive` is published
   * (`user.deactivated`, `user.reactivated`) once: the row is locked while it is read and changed.
   */
  async setFlags(id: number, flags: AccountFlags): Promise<Account> {
    const wasActive =
      flags.isActive === undefined ? undefined : (await this.users.getForUpdate(id)).isActive;
    const user = await this.users.update(id, { ...flags });
    if (flags.isActive === false) await this.accessTokens.revokeAll(id);
    if (wasActive !== undefined && wasActive !== user.isActive) {
      await this.events.publish(user.isActive ? 'user.reactivated' : 'user.deactivated', {
        userId: id,
      });
    }
    return toAccount(user);
  }

  /** Deletes the account; its tokens, links, follows, articles, comments and favorites go with it. */
  async delete(id: number): Promise<void> {
    await this.users.delete(id);
  }
}
