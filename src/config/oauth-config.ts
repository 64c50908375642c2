import { StartupError } from '../../libs/database/startup-error';
import type { Env, EnvReader } from './env-reader';
import { isRemoteHttp } from './remote-http';

export type OAuthProviderType = 'oidc' | 'github';

/** One identity provider, from its OAUTH_<NAME>_* settings. */
export interface OAuthProviderConfig {
  /** The provider in Folio's addresses: OAUTH_MY_IDP_* → `my-idp`. */
  name: string;
  displayName: string;
  type: OAuthProviderType;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** OpenID Connect: the issuer whose discovery document Folio reads. */
  issuer?: string;
  /** GitHub's OAuth 2.0 endpoints (github.com by default; another host for GitHub Enterprise or tests). */
  github?: { authorizationUrl: string; tokenUrl: string; apiUrl: string };
}

export interface OAuthConfig {
  providers: OAuthProviderConfig[];
  /** Sign a provider's user into the Folio account with the same email, when the provider says it is verified. */
  linkByVerifiedEmail: boolean;
  /** Where the providers send the browser back: `<APP_URL>/api/auth/providers/<name>/callback`. */
  callbackBaseUrl: string;
}

const CLIENT_ID = /^OAUTH_([A-Z0-9_]+)_CLIENT_ID$/;
const SETTINGS = [
  'CLIENT_ID',
  'CLIENT_SECRET',
  'ISSUER',
  'SCOPES',
  'DISPLAY_NAME',
  'TYPE',
  'AUTHORIZATION_URL',
  'TOKEN_URL',
  'API_URL',
];
const GITHUB = {
  authorizationUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  apiUrl: 'https://api.github.com',
};

const invalid = (message: string) => new StartupError(`Invalid configuration: ${message}`);

/**
 * The identity providers: every OAUTH_<NAME>_CLIENT_ID names one. A setting of a provider without a
 * client id, a missing secret or issuer, or a malformed URL stops the start, naming the variable.
 */
export function loadOAuthConfig(
  read: EnvReader,
  env: Env,
  appUrl: string,
  nodeEnv: string,
): OAuthConfig {
  const linkByVerifiedEmail = read.boolean('OAUTH_LINK_BY_VERIFIED_EMAIL', false);
  const keys = Object.keys(env).filter((key) => key.startsWith('OAUTH_') && env[key]);
  const names = keys.flatMap((key) => CLIENT_ID.exec(key)?.[1] ?? []).sort();
  for (const key of keys) {
    if (key === 'OAUTH_LINK_BY_VERIFIED_EMAIL') continue;
    const known = names.some((name) =>
      SETTINGS.some((setting) => key === `OAUTH_${name}_${setting}`),
    );
    if (!known) throw invalid(`${key} belongs to no provider (set OAUTH_<NAME>_CLIENT_ID)`);
  }
  const providers = names.map((name) => loadProvider(read, name, nodeEnv));
  return { providers, linkByVerifiedEmail, callbackBaseUrl: `${appUrl}/api/auth/providers` };
}

function loadProvider(read: EnvReader, name: string, nodeEnv: string): OAuthProviderConfig {
  const prefix = `OAUTH_${name}_`;
  const setting = (suffix: string) => `${prefix}${suffix}`;
  const type = read.oneOf(
    setting('TYPE'),
    ['oidc', 'github'] as const,
    name === 'GITHUB' ? 'github' : 'oidc',
  );
  const clientSecret = read.string(setting('CLIENT_SECRET'), '');
  if (!clientSecret) throw invalid(`${setting('CLIENT_SECRET')} is missing`);
  const url = (suffix: string, fallback?: string): string | undefined => {
    const value = read.url(setting(suffix), ['https', 'http']) ?? fallback;
    // Plain http only for a provider on this machine or outside production (a test or local Keycloak).
    if (value && nodeEnv === 'production' && isRemoteHttp(new URL(value))) {
      throw invalid(`${setting(suffix)} must be an https:// URL in production`);
    }
    // The issuer is compared as written with the one its discovery document names.
    return suffix === 'ISSUER' ? value : value?.replace(/\/+$/, '');
  };
  const scopes = read
    .string(setting('SCOPES'), type === 'github' ? 'read:user user:email' : 'openid email profile')
    .split(/[\s,]+/)
    .filter(Boolean);
  const slug = name.toLowerCase().replace(/_/g, '-');
  const base = {
    name: slug,
    displayName: read.string(
      setting('DISPLAY_NAME'),
      type === 'github' ? 'GitHub' : titleCase(slug),
    ),
    type,
    clientId: read.string(setting('CLIENT_ID'), ''),
    clientSecret,
    scopes,
  };
  if (type === 'github') {
    return {
      ...base,
      github: {
        authorizationUrl: url('AUTHORIZATION_URL', GITHUB.authorizationUrl) as string,
        tokenUrl: url('TOKEN_URL', GITHUB.tokenUrl) as string,
        apiUrl: url('API_URL', GITHUB.apiUrl) as string,
      },
    };
  }
  const issuer = url('ISSUER');
  if (!issuer) throw invalid(`${setting('ISSUER')} is missing (the OpenID Connect issuer URL)`);
  if (!scopes.includes('openid')) throw invalid(`${setting('SCOPES')} must include openid`);
  return { ...base, issuer };
}

function titleCase(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
