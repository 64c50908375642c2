import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DatabaseSession } from '../../../libs/database/database-session';
import { ApiError } from '../../common/api-exception.filter';
import { AppConfig, AuthConfig } from '../../config/app-config';
import { AccessTokensService } from './access-tokens.service';
import { AUTH_CONFIG } from './auth-config.provider';
import { MailSite, oneTimeTokenMail } from './account-mails';
import { MailerService } from '../mail/mailer.service';
import { OneTimeTokenPurpose } from './one-time-token.entity';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { PasswordHasher } from './password-hasher';
import { hashSecretToken, newSecretToken } from '../../common/secret-token';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

const HOUR_MS = 60 * 60 * 1000;
const LIFETIME_MS: Record<OneTimeTokenPurpose, number> = {
  'verify-email': 24 * HOUR_MS,
  'reset-password': HOUR_MS,
  // As Ghost's staff invitations: a week to accept.
  invitation: 7 * 24 * HOUR_MS,
};

/** The links that let their holder choose the account's password: a reset's and an invitation's. */
const CHOOSE_PASSWORD: readonly OneTimeTokenPurpose[] = ['reset-password', 'invitation'];

/** Email verification and password reset: one-time tokens that travel by mail. */
@Injectable()
export class AccountEmailsService {
  /** The blog the mails come from (SITE_TITLE, SITE_LANGUAGE). */
  private readonly site: MailSite;

  constructor(
    private readonly users: UsersRepository,
    private readonly oneTimeTokens: OneTimeTokensRepository,
    private readonly accessTokens: AccessTokensService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: MailerService,
    private readonly session: DatabaseSession,
    @Inject(AUTH_CONFIG) private readonly config: AuthConfig,
    appConfig: ConfigService<AppConfig, true>,
  ) {
    const { title, language } = appConfig.get('site', { infer: true });
    this.site = { title, language };
  }

  /** Mails the user a fresh verification link. */
  async sendVerification(user: User): Promise<void> {
    await this.mailLink(user, 'verify-email');
  }

  /** Mails an invited person (an account an administrator made) the link to choose their password. */
  async sendInvitation(user: User): Promise<void> {
    await this.oneTimeTokens.retireForUser(user.id, ['invitation']);
    await this.mailLink(user, 'invitation');
  }

  /** Answers the same whether or not the account exists; mails only an active, unverified one. */
  async requestVerification(email: string): Promise<void> {
    // Locked: an email change that commits meanwhile retires every link, so none may be issued after it.
    const user = await this.users.findByEmailForUpdate(email);
    if (user && user.isActive && !user.isVerified) await this.sendVerification(user);
  }

  /** 400, as for an unknown token, when the account has been deactivated since the link was mailed. */
  async verify(token: string): Promise<User> {
    const userId = await this.spend(token, 'verify-email');
    await this.oneTimeTokens.retireForUser(userId, ['verify-email']);
    return this.users.update(userId, { isVerified: true });
  }

  /** Answers the same whether or not the account exists; mails only an active one. */
  async forgotPassword(email: string): Promise<void> {
    const user = await this.users.findByEmailForUpdate(email);
    if (!user || !user.isActive) return;
    await this.mailLink(user, 'reset-password');
  }

  /**
   * Sets the password from a reset's or an invitation's link, spends every mailed link of the user and
   * signs them out everywhere. The link reached the account's address (a change of address spends it),
   * so the address is verified too.
   */
  async resetPassword(token: string, password: string): Promise<void> {
    // A dead token is refused before argon2, the costly part: made-up tokens must not queue everyone's
    // sign-ins behind them at the hashing gate. Read on the pool: the request's transaction opens
    // after the hash, and spending checks the token again under the user's row lock.
    const live = await this.session.outsideTransaction(() =>
      this.oneTimeTokens.findLive(hashSecretToken(token), CHOOSE_PASSWORD),
    );
    if (live === null) throw new ApiError(400, { token: 'is invalid or expired' });
    const passwordHash = await this.hasher.hash(password);
    const userId = await this.spend(token, live.purpose);
    await this.users.update(userId, { passwordHash, isVerified: true });
    await this.retireAll(userId);
    await this.accessTokens.revokeAll(userId);
  }

  /**
   * The operator's way in without mail (`npm run cli -- set-password`): sets the password of the
   * account with this email as a reset does, minus the address (nothing vouched for it): every reset
   * link mailed before it is spent and every session signed out. False when no account has that email.
   */
  async setPassword(email: string, password: string): Promise<boolean> {
    const passwordHash = await this.hasher.hash(password);
    return this.session.transaction(async () => {
      const user = await this.users.findByEmailForUpdate(email);
      if (!user) return false;
      await this.users.update(user.id, { passwordHash });
      await this.retireResetLinks(user.id);
      await this.accessTokens.revokeAll(user.id);
      return true;
    });
  }

  /**
   * After a change of email: every link mailed before it (reset, verification) stops working. The
   * caller holds the user's row lock, so no link can be issued or spent meanwhile.
   */
  async retireAll(userId: number): Promise<void> {
    await this.oneTimeTokens.retireForUser(userId);
  }

  /**
   * After a new password: the reset and invitation links mailed before it stop working (the caller
   * holds the lock).
   */
  async retireResetLinks(userId: number): Promise<void> {
    await this.oneTimeTokens.retireForUser(userId, CHOOSE_PASSWORD);
  }

  private async mailLink(user: User, purpose: OneTimeTokenPurpose): Promise<void> {
    const token = await this.issue(user.id, purpose);
    const mail = oneTimeTokenMail(
      purpose,
      this.config.appUrl,
      this.site,
      user.email,
      user.username,
      token,
      user.role,
    );
    // A job of the same transaction as the token: a rolled-back request sends no link that cannot work,
    // and a committed one sends it even if this process dies before it could.
    await this.mailer.enqueue(mail);
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

  /**
   * Spends a live token of an active user and returns the user's id; 400 otherwise. The user's row is
   * locked before the token, in the order an email or password change takes them: a link cannot be
   * spent while such a change retires it, and the two never deadlock.
   */
  private async spend(token: string, purpose: OneTimeTokenPurpose): Promise<number> {
    const hash = hashSecretToken(token);
    const live = await this.oneTimeTokens.findLive(hash, [purpose]);
    const user = live === null ? null : await this.users.findForUpdate(live.userId);
    if (!user?.isActive || (await this.oneTimeTokens.consume(hash, purpose)) === null) {
      throw new ApiError(400, { token: 'is invalid or expired' });
    }
    return user.id;
  }
}
