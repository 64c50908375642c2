import { Inject, Injectable } from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AuthConfig } from '../../config/app-config';
import { AccessTokensService } from './access-tokens.service';
import { AUTH_CONFIG } from './auth-config.provider';
import { passwordResetMail, verificationMail } from './mail/account-mails';
import { MailerService } from './mail/mailer.service';
import { OneTimeTokenPurpose } from './one-time-token.entity';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { PasswordHasher } from './password-hasher';
import { hashSecretToken, newSecretToken } from './secret-token';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

const HOUR_MS = 60 * 60 * 1000;
const LIFETIME_MS: Record<OneTimeTokenPurpose, number> = {
  'verify-email': 24 * HOUR_MS,
  'reset-password': HOUR_MS,
};

/** Email verification and password reset: one-time tokens that travel by mail. */
@Injectable()
export class AccountEmailsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly accessTokens: AccessTokensService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: MailerService,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
  ) {}

  /** Mails the user a fresh verification link. */
  async sendVerification(user: User): Promise<void> {
    const token = await this.issue(user.id, 'verify-email');
    this.mailer.dispatch(verificationMail(this.config.appUrl, user.email, user.username, token));
  }

  /** Answers the same whether or not the account exists; mails only an active, unverified one. */
  async requestVerification(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (user && user.isActive && !user.isVerified) await this.sendVerification(user);
  }

  async verify(token: string): Promise<User> {
    const userId = await this.consume(token, 'verify-email');
    await this.oneTimeTokens.retireForUser(userId, 'verify-email');
    return this.users.update(userId, { isVerified: true });
  }

  /** Answers the same whether or not the account exists; mails only an active one. */
  async forgotPassword(email: string): Promise<void> {
    const user = await this.users.findByEmail(email);
    if (!user || !user.isActive) return;
    const token = await this.issue(user.id, 'reset-password');
    this.mailer.dispatch(passwordResetMail(this.config.appUrl, user.email, user.username, token));
  }

  /** Sets the password, spends the token and signs the user out everywhere. */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.consume(token, 'reset-password');
    const user = await this.users.getOne({ id: userId });
    if (!user.isActive) throw new ApiError(400, { token: 'is invalid or expired' });
    await this.users.update(userId, { passwordHash });
    await this.oneTimeTokens.retireForUser(userId, 'reset-password');
    await this.accessTokens.revokeAll(userId);
  }

  /** A changed email is unverified again: older verification links must not vouch for it. */
  async retireVerifications(userId: number): Promise<void> {
    await this.oneTimeTokens.retireForUser(userId, 'verify-email');
  }

  private async issue(userId: number, purpose: OneTimeTokenPurpose): Promise<string> {
    const { token, hash } = newSecretToken();
    await this.oneTimeTokens.create({
      userId,
      purpose,
      tokenHash: hash,
      expiresAt: new Date(Date.now() + LIFETIME_MS[purpose]),
    });
    return token;
  }

  private async consume(token: string, purpose: OneTimeTokenPurpose): Promise<number> {
    const userId = await this.oneTimeTokens.consume(hashSecretToken(token), purpose);
    if (userId === null) throw new ApiError(400, { token: 'is invalid or expired' });
    return userId;
  }
}
