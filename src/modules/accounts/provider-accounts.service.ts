import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { DomainEvents } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { AccessTokensService } from './access-tokens.service';
import './account.events';
import { UserView } from './dto/user-response.dto';
import { freeUsername } from './free-username';
import { UsersRepository } from './users.repository';
import { toUserView } from './users.service';

/** What the identity providers need to know of an account. */
export interface ProviderAccount {
  id: number;
  isActive: boolean;
  isVerified: boolean;
  hasPassword: boolean;
}

export interface ProviderSignUp {
  /** An address the provider says it verified: the account starts verified. */
  email: string;
  /** What the provider calls the user (preferred_username, login, the email's local part). */
  usernameHint: string;
}

/**
 * Accounts as the identity providers use them: found by email, created without a password (verified: the
 * provider vouched for the email), and signed in with the same token a password login gets.
 */
@Injectable()
export class ProviderAccountsService {
  /** Whether a provider's sign-in may make a new account (SIGNUPS=open). */
  readonly signUpsOpen: boolean;

  constructor(
    private readonly users: UsersRepository,
    private readonly accessTokens: AccessTokensService,
    private readonly events: DomainEvents,
    config: ConfigService<AppConfig, true>,
  ) {
    this.signUpsOpen = config.get('site', { infer: true }).signups === 'open';
  }

  async findById(id: number): Promise<ProviderAccount | null> {
    return toProviderAccount(await this.users.findOne({ id }));
  }

  /** The account, its row locked until the transaction ends (changes of its links take turns). */
  async lockById(id: number): Promise<ProviderAccount | null> {
    return toProviderAccount(await this.users.findForUpdate(id));
  }

  /** The account with that email in any case, its row locked until the transaction ends. */
  async findByEmail(email: string): Promise<ProviderAccount | null> {
    return toProviderAccount(await this.users.findByEmailForUpdate(email));
  }

  /** A new verified account with no password; its username is the hint made valid and unique. */
  async create(input: ProviderSignUp): Promise<ProviderAccount> {
    const username = await freeUsername(this.users, input.usernameHint);
    const user = await this.users.create({
      email: input.email,
      username,
      passwordHash: null,
      isVerified: true,
    });
    await this.events.publish('user.registered', { userId: user.id, username: user.username });
    return { id: user.id, isActive: user.isActive, isVerified: true, hasPassword: false };
  }

  /** A new token for an active account, answered as a password login answers; 401 otherwise. */
  async signIn(userId: number): Promise<UserView> {
    const user = await this.users.findForUpdate(userId);
    if (!user?.isActive) throw new ApiError(401, { credentials: 'invalid' });
    return toUserView(user, await this.accessTokens.issue(user.id));
  }
}

function toProviderAccount(
  user: { id: number; isActive: boolean; isVerified: boolean; passwordHash: string | null } | null,
): ProviderAccount | null {
  return (
    user && {
      id: user.id,
      isActive: user.isActive,
      isVerified: user.isVerified,
      hasPassword: user.passwordHash !== null,
    }
  );
}
