import { Injectable } from '@nestjs/common';
import { DomainEvents } from '../../../libs/events/domain-events';
import './account.events';
import { Account, AccountFilter, AccountFlags } from './account.types';
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
    private readonly events: DomainEvents,
  ) {}

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
