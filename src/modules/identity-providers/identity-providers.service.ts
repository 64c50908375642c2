import { Inject, Injectable, Logger } from '@nestjs/common';
import { DatabaseSession } from '../../../libs/database/database-session';
import { OnDomainEvent } from '../../../libs/events/domain-events';
import { ApiError } from '../../common/api-exception.filter';
import { hashSecretToken, newSecretToken, randomSecret } from '../../common/secret-token';
import { OAuthConfig, OAuthProviderConfig } from '../../config/oauth-config';
import type { UserSessionsRevokedEvent } from '../accounts/account.events';
import { ProviderAccountsService } from '../accounts/provider-accounts.service';
import type { UserView } from '../accounts/user-response.types';
import { OAUTH_CONFIG, WEB_APP_URL } from './oauth-config.provider';
import { ProviderClients, ProviderProfile, ProviderRefusal } from './provider-clients';
import {
  ProviderExchangeCodesRepository,
  ProviderLoginsRepository,
} from './provider-logins.repository';
import { UserIdentitiesRepository } from './user-identities.repository';

const LOGIN_TTL_MS = 10 * 60 * 1000;
const EXCHANGE_CODE_TTL_MS = 60 * 1000;
/** The web app's page that trades the one-time code for a token. */
export const WEB_CALLBACK_PATH = '/auth/callback';

export interface StartedLogin {
  /** The provider's authorization URL, where the browser goes next. */
  url: string;
  /** Kept in the browser's cookie: the callback must come back with it. */
  browserSecret: string;
}

/** Where the callback sends the browser, and whether it carries a code (the cookie must then stay). */
export interface FinishedLogin {
  location: string;
  codeIssued: boolean;
}

export interface LinkedIdentity {
  provider: string;
  displayName: string;
  email: string | null;
  createdAt: Date;
}

/** A path of the web app (`/settings`), never another site (`//evil.example`, `https://...`). */
export function safeReturnPath(path: unknown): string {
  return typeof path === 'string' && /^\/(?![/\\])[^\s]*$/.test(path) && path.length <= 2048
    ? path
    : '/';
}

/**
 * Sign-in with identity providers: start (a pending login kept server-side), finish (the provider's
 * answer verified, the account found, linked or made, a one-time code for the web app), the code traded
 * for Folio's token, and the links a user keeps.
 */
@Injectable()
export class IdentityProvidersService {
  private readonly logger = new Logger('IdentityProviders');

  constructor(
    private readonly clients: ProviderClients,
    private readonly logins: ProviderLoginsRepository,
    private readonly codes: ProviderExchangeCodesRepository,
    private readonly identities: UserIdentitiesRepository,
    private readonly accounts: ProviderAccountsService,
    private readonly session: DatabaseSession,
    @Inject(OAUTH_CONFIG) private readonly config: OAuthConfig,
    @Inject(WEB_APP_URL) private readonly webAppUrl: string,
  ) {}

  list(): Pick<OAuthProviderConfig, 'name' | 'displayName'>[] {
    return this.clients.list().map(({ name, displayName }) => ({ name, displayName }));
  }

  /** A pending sign-in with the provider, or a link to `userId`'s account when given. */
  async start(name: string, returnTo: unknown, userId: number | null): Promise<StartedLogin> {
    const provider = this.clients.get(name);
    const checks = {
      state: randomSecret(),
      nonce: provider.type === 'oidc' ? randomSecret() : null,
      codeVerifier: randomSecret(),
    };
    let url: URL;
    try {
      url = await this.clients.authorizationUrl(provider, checks);
    } catch (error) {
      this.logger.warn({ provider: name, reason: describe(error) }, 'provider unavailable');
      throw new ApiError(502, { provider: 'is unavailable, try again later' });
    }
    const browserSecret = randomSecret();
    await this.session.transaction(() =>
      this.logins.create({
        stateHash: hashSecretToken(checks.state),
        browserHash: hashSecretToken(browserSecret),
        provider: provider.name,
        nonce: checks.nonce,
        codeVerifier: checks.codeVerifier,
        returnTo: safeReturnPath(returnTo),
        userId,
        expiresAt: new Date(Date.now() + LOGIN_TTL_MS),
      }),
    );
    return { url: url.href, browserSecret };
  }

  /**
   * The provider's redirect back. Answers where to send the browser: the web app's callback page with a
   * one-time code, which only this browser (its cookie) can trade, or with an error code (the reason
   * goes to the log, without tokens or secrets).
   */
  async finish(
    name: string,
    state: unknown,
    rawQuery: string,
    browserSecret: string | undefined,
  ): Promise<FinishedLogin> {
    let returnTo = '/';
    const expectedState = typeof state === 'string' ? state : '';
    try {
      const login = expectedState
        ? await this.session.transaction(() => this.logins.take(hashSecretToken(expectedState)))
        : null;
      // Unknown, expired, used, for another provider, or started by another browser.
      if (
        !login ||
        login.provider !== name ||
        !browserSecret ||
        hashSecretToken(browserSecret) !== login.browserHash
      ) {
        throw new ProviderRefusal('invalid_state', 'unknown, expired or foreign state');
      }
      returnTo = login.returnTo;
      const provider = this.clients.get(name);
      const profile = await this.clients.complete(provider, rawQuery, {
        state: expectedState,
        nonce: login.nonce,
        codeVerifier: login.codeVerifier,
      });
      const code = await this.session.transaction(async () => {
        const userId = await this.accountFor(provider, profile, login.userId);
        const { token, hash } = newSecretToken();
        await this.codes.create({
          userId,
          tokenHash: hash,
          browserHash: login.browserHash,
          expiresAt: new Date(Date.now() + EXCHANGE_CODE_TTL_MS),
        });
        return token;
      });
      return { location: this.webCallback({ code, next: returnTo }), codeIssued: true };
    } catch (error) {
      if (error instanceof ProviderRefusal) {
        this.logger.warn(
          { provider: name, error: error.code, reason: error.message },
          'sign-in refused',
        );
        return {
          location: this.webCallback({ error: error.code, next: returnTo }),
          codeIssued: false,
        };
      }
      this.logger.error({ provider: name, reason: describe(error) }, 'sign-in failed');
      return {
        location: this.webCallback({ error: 'server_error', next: returnTo }),
        codeIssued: false,
      };
    }
  }

  /**
   * Signing out everywhere (a new password, a reset, a deactivation) also ends the user's pending links
   * and untraded codes: a link started with a token revoked since must not finish, nor mint a new one.
   */
  @OnDomainEvent('user.sessions_revoked', { inTransaction: true })
  async forgetPending({ userId }: UserSessionsRevokedEvent): Promise<void> {
    await this.logins.deleteForUser(userId);
    await this.codes.deleteUnusedForUser(userId);
  }

  /**
   * The one-time code traded for Folio's token; 400 when unknown, used, expired, or handed to another
   * browser (a code sent to someone else must not sign them into the sender's account).
   */
  async exchange(code: string, browserSecret: string | undefined): Promise<UserView> {
    const userId = browserSecret
      ? await this.codes.consume(hashSecretToken(code), hashSecretToken(browserSecret))
      : null;
    if (userId === null) throw new ApiError(400, { code: 'is invalid or expired' });
    return this.accounts.signIn(userId);
  }

  async linked(userId: number): Promise<{ identities: LinkedIdentity[]; hasPassword: boolean }> {
    const account = await this.accounts.findById(userId);
    const identities = await this.identities.forUser(userId);
    return {
      hasPassword: account?.hasPassword ?? false,
      identities: identities.map((identity) => ({
        provider: identity.provider,
        displayName:
          this.clients.list().find((p) => p.name === identity.provider)?.displayName ??
          identity.provider,
        email: identity.email,
        createdAt: identity.createdAt,
      })),
    };
  }

  /** Removes the link, unless it is the user's last way to sign in (no password, no other link). */
  async unlink(userId: number, name: string): Promise<void> {
    // The user's row first, as every change of the account locks it: two unlinks take turns.
    const account = await this.accounts.lockById(userId);
    const identities = await this.identities.forUser(userId, true);
    const identity = identities.find((candidate) => candidate.provider === name);
    if (!account || !identity) throw new ApiError(404, { identity: 'not found' });
    if (!account.hasPassword && identities.length === 1) {
      throw new ApiError(409, {
        identity:
          'is your only way to sign in: set a password (forgot password) or link another provider first',
      });
    }
    await this.identities.delete(identity.id);
  }

  /** The account the provider's user signs into: linked before, being linked now, or new. */
  private async accountFor(
    provider: OAuthProviderConfig,
    profile: ProviderProfile,
    linkTo: number | null,
  ): Promise<number> {
    const linked = await this.identities.findOne({
      provider: provider.name,
      subject: profile.subject,
    });
    const refuse = (code: string, why: string) => new ProviderRefusal(code, why);
    if (linked && (linkTo === null || linked.userId === linkTo)) {
      const account = await this.accounts.lockById(linked.userId);
      if (!account?.isActive)
        throw refuse('account_inactive', `user ${linked.userId} is deactivated`);
      if (profile.email !== linked.email) {
        await this.identities.update(linked.id, { email: profile.email });
      }
      return account.id;
    }
    if (linked) throw refuse('identity_taken', 'the identity is linked to another user');
    let userId = linkTo;
    if (userId === null) {
      if (!profile.email) throw refuse('email_missing', 'the provider gave no email');
      // An address nobody has proven owning never gets an account or a link: whoever proves it later
      // (the mailed link, a reset) would share the account with this identity.
      if (!profile.emailVerified) {
        throw refuse('email_unverified', 'the provider has not verified the email');
      }
      const owner = await this.accounts.findByEmail(profile.email);
      // Only into an account whose owner proved the address too: an unverified one may have been
      // registered by anyone, waiting for the address's owner to sign in.
      if (owner && !(this.config.linkByVerifiedEmail && owner.isVerified)) {
        throw refuse('email_taken', 'an account has this email; link from its settings');
      }
      // SIGNUPS=invitation: an invited person signs in with a password first, then links the provider.
      if (!owner && !this.accounts.signUpsOpen) {
        throw refuse('signups_closed', 'sign-ups are by invitation');
      }
      userId = owner
        ? owner.id
        : (await this.accounts.create({ email: profile.email, usernameHint: profile.usernameHint }))
            .id;
    }
    const account = await this.accounts.lockById(userId);
    if (!account?.isActive) throw refuse('account_inactive', `user ${userId} is deactivated`);
    const others = await this.identities.forUser(userId, true);
    if (others.some((identity) => identity.provider === provider.name)) {
      throw refuse('provider_already_linked', 'the user has another identity of this provider');
    }
    await this.identities.create({
      userId,
      provider: provider.name,
      subject: profile.subject,
      email: profile.email,
    });
    return userId;
  }

  private webCallback(params: Record<string, string>): string {
    return `${this.webAppUrl}${WEB_CALLBACK_PATH}?${new URLSearchParams(params).toString()}`;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
