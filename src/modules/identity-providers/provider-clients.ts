import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { ApiError } from '../../common/api-exception.filter';
import { normalizedEmail } from '../../common/email-address';
import { OAuthConfig, OAuthProviderConfig } from '../../config/oauth-config';
import { OAUTH_CONFIG } from './oauth-config.provider';

/** What Folio keeps of a provider's user after a verified sign-in. */
export interface ProviderProfile {
  subject: string;
  email: string | null;
  /** The provider vouches that the user owns the email (OIDC's email_verified, GitHub's verified). */
  emailVerified: boolean;
  usernameHint: string;
}

/** The values of one authorization request that its callback checks. */
export interface AuthorizationChecks {
  state: string;
  nonce: string | null;
  codeVerifier: string;
}

/** A provider's answer that Folio refuses: the callback turns it into an error code for the web app. */
export class ProviderRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TIMEOUT_SECONDS = 10;

/**
 * The configured providers as openid-client sees them. OpenID Connect providers are discovered on first
 * use (not at boot: a provider down must not stop Folio); GitHub, which speaks OAuth 2.0 without OpenID
 * Connect, is described by its endpoints. openid-client does every check: state, PKCE, and for OpenID
 * Connect the ID token's signature (the provider's JWKS), issuer, audience, expiry and nonce.
 */
@Injectable()
export class ProviderClients {
  private readonly configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(@Inject(OAUTH_CONFIG) private readonly config: OAuthConfig) {}

  list(): OAuthProviderConfig[] {
    return this.config.providers;
  }

  /** The provider by its name in Folio's addresses; 404 when none is configured under it. */
  get(name: string): OAuthProviderConfig {
    const provider = this.config.providers.find((candidate) => candidate.name === name);
    if (!provider) throw new ApiError(404, { provider: 'not found' });
    return provider;
  }

  callbackUrl(provider: OAuthProviderConfig): string {
    return `${this.config.callbackBaseUrl}/${provider.name}/callback`;
  }

  async authorizationUrl(provider: OAuthProviderConfig, checks: AuthorizationChecks): Promise<URL> {
    const configuration = await this.configuration(provider);
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: this.callbackUrl(provider),
      scope: provider.scopes.join(' '),
      state: checks.state,
      ...(checks.nonce === null ? {} : { nonce: checks.nonce }),
      code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Trades the callback's code for tokens, verifying everything, and reads who the user is. */
  async complete(
    provider: OAuthProviderConfig,
    query: string,
    checks: AuthorizationChecks,
  ): Promise<ProviderProfile> {
    const configuration = await this.configuration(provider);
    const currentUrl = new URL(`${this.callbackUrl(provider)}?${query}`);
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
        expectedState: checks.state,
        pkceCodeVerifier: checks.codeVerifier,
        ...(provider.type === 'oidc'
          ? { expectedNonce: checks.nonce ?? undefined, idTokenExpected: true }
          : {}),
      });
    } catch (error) {
      throw refusal(error);
    }
    return provider.type === 'github'
      ? this.githubProfile(provider, configuration, tokens.access_token)
      : this.oidcProfile(configuration, tokens);
  }

  private async oidcProfile(
    configuration: oidc.Configuration,
    tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>,
  ): Promise<ProviderProfile> {
    const claims = tokens.claims();
    if (!claims) throw new ProviderRefusal('provider_error', 'no ID token');
    let info: Record<string, unknown> = claims;
    // Many providers (Keycloak, Google with some scopes) leave the email to the userinfo endpoint.
    if (typeof claims.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
      try {
        info = {
          ...(await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub)),
          ...claims,
        };
      } catch (error) {
        throw refusal(error);
      }
    }
    const email = providerEmail(info.email);
    return {
      subject: claims.sub,
      email,
      emailVerified: info.email_verified === true,
      usernameHint: usernameHint(info.preferred_username ?? info.nickname, email),
    };
  }

  private async githubProfile(
    provider: OAuthProviderConfig,
    configuration: oidc.Configuration,
    accessToken: string,
  ): Promise<ProviderProfile> {
    const api = (provider.github as NonNullable<OAuthProviderConfig['github']>).apiUrl;
    const get = async <T>(path: string): Promise<T> => {
      try {
        const headers = new Headers({ Accept: 'application/vnd.github+json' });
        const response = await oidc.fetchProtectedResource(
          configuration,
          accessToken,
          new URL(`${api}${path}`),
          'GET',
          undefined,
          headers,
        );
        if (!response.ok) throw new Error(`GitHub answered ${response.status} to ${path}`);
        return (await response.json()) as T;
      } catch (error) {
        throw refusal(error);
      }
    };
    const user = await get<{ id?: unknown; login?: unknown }>('/user');
    if (typeof user.id !== 'number' && typeof user.id !== 'string') {
      throw new ProviderRefusal('provider_error', 'GitHub user without an id');
    }
    // The primary address, with GitHub's word on whether it is verified (the user:email scope).
    const emails =
      await get<{ email: string; primary: boolean; verified: boolean }[]>('/user/emails');
    const primary = Array.isArray(emails) ? emails.find((entry) => entry.primary) : undefined;
    const email = providerEmail(primary?.email);
    return {
      subject: String(user.id),
      email,
      emailVerified: primary?.verified === true,
      usernameHint: usernameHint(user.login, email),
    };
  }

  private configuration(provider: OAuthProviderConfig): Promise<oidc.Configuration> {
    let configuration = this.configurations.get(provider.name);
    if (!configuration) {
      configuration = this.build(provider);
      // A failed discovery is tried again at the next sign-in.
      configuration.catch(() => this.configurations.delete(provider.name));
      this.configurations.set(provider.name, configuration);
    }
    return configuration;
  }

  private async build(provider: OAuthProviderConfig): Promise<oidc.Configuration> {
    const auth = oidc.ClientSecretPost(provider.clientSecret);
    let configuration: oidc.Configuration;
    if (provider.github) {
      configuration = new oidc.Configuration(
        {
          issuer: new URL(provider.github.authorizationUrl).origin,
          authorization_endpoint: provider.github.authorizationUrl,
          token_endpoint: provider.github.tokenUrl,
        },
        provider.clientId,
        undefined,
        auth,
      );
    } else {
      const issuer = new URL(provider.issuer as string);
      try {
        configuration = await oidc.discovery(issuer, provider.clientId, undefined, auth, {
          // Plain http only as configured (a provider on this machine; refused in production).
          execute: issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [],
          timeout: TIMEOUT_SECONDS,
        });
      } catch (error) {
        throw refusal(error);
      }
      // ID tokens from the token endpoint are checked for issuer, audience, expiry and nonce; this makes
      // openid-client verify their signature with the provider's JWKS too, not trust TLS alone.
      oidc.enableNonRepudiationChecks(configuration);
    }
    if (provider.github && new URL(provider.github.tokenUrl).protocol === 'http:') {
      oidc.allowInsecureRequests(configuration);
    }
    configuration.timeout = TIMEOUT_SECONDS;
    return configuration;
  }
}

/** The provider's email as Folio keeps emails (trimmed, composed); null when it gave none. */
function providerEmail(email: unknown): string | null {
  return typeof email === 'string' ? normalizedEmail(email) || null : null;
}

/** A username to propose: the provider's, or the email's local part. */
function usernameHint(preferred: unknown, email: string | null): string {
  if (typeof preferred === 'string' && preferred.trim()) return preferred.trim();
  return email?.split('@')[0] ?? 'user';
}

/** openid-client's errors as a code for the web app; the message stays in the log. */
function refusal(error: unknown): ProviderRefusal {
  if (error instanceof ProviderRefusal) return error;
  // The user said no at the provider (or cancelled); anything else is the provider's or the checks' failure.
  const code =
    error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied'
      ? 'access_denied'
      : 'provider_error';
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ProviderRefusal(code, message, { cause: error });
}
