import { loadConfig } from './app-config';

const keycloak = {
  OAUTH_KEYCLOAK_CLIENT_ID: 'folio',
  OAUTH_KEYCLOAK_CLIENT_SECRET: 'a-long-client-secret',
  OAUTH_KEYCLOAK_ISSUER: 'https://sso.example.com/realms/blog',
};

describe('identity provider settings', () => {
  it('has no provider and no linking by email by default', () => {
    expect(loadConfig({}).oauth).toMatchObject({ providers: [], linkByVerifiedEmail: false });
  });

  it('reads each provider named by an OAUTH_<NAME>_CLIENT_ID, GitHub by its name', () => {
    const config = loadConfig({
      APP_URL: 'https://blog.example.com/',
      ...keycloak,
      OAUTH_KEYCLOAK_SCOPES: 'openid email',
      OAUTH_GITHUB_CLIENT_ID: 'gh',
      OAUTH_GITHUB_CLIENT_SECRET: 'gh-secret',
      OAUTH_MY_IDP_CLIENT_ID: 'x',
      OAUTH_MY_IDP_CLIENT_SECRET: 'y',
      OAUTH_MY_IDP_ISSUER: 'https://idp.example.com/',
      OAUTH_MY_IDP_DISPLAY_NAME: 'Company login',
    }).oauth;
    expect(config.callbackBaseUrl).toBe('https://blog.example.com/api/auth/providers');
    expect(config.providers).toEqual([
      {
        name: 'github',
        displayName: 'GitHub',
        type: 'github',
        clientId: 'gh',
        clientSecret: 'gh-secret',
        scopes: ['read:user', 'user:email'],
        github: {
          authorizationUrl: 'https://github.com/login/oauth/authorize',
          tokenUrl: 'https://github.com/login/oauth/access_token',
          apiUrl: 'https://api.github.com',
        },
      },
      {
        name: 'keycloak',
        displayName: 'Keycloak',
        type: 'oidc',
        clientId: 'folio',
        clientSecret: 'a-long-client-secret',
        scopes: ['openid', 'email'],
        issuer: 'https://sso.example.com/realms/blog',
      },
      expect.objectContaining({
        name: 'my-idp',
        displayName: 'Company login',
        // The issuer as written: its discovery document must name the same.
        issuer: 'https://idp.example.com/',
        scopes: ['openid', 'email', 'profile'],
      }),
    ]);
  });

  it.each([
    [{ ...keycloak, OAUTH_KEYCLOAK_CLIENT_SECRET: '' }, /OAUTH_KEYCLOAK_CLIENT_SECRET is missing/],
    [{ ...keycloak, OAUTH_KEYCLOAK_ISSUER: '' }, /OAUTH_KEYCLOAK_ISSUER is missing/],
    [
      { ...keycloak, OAUTH_KEYCLOAK_ISSUER: 'sso.example.com' },
      /OAUTH_KEYCLOAK_ISSUER must be a URL/,
    ],
    [{ ...keycloak, OAUTH_KEYCLOAK_SCOPES: 'email' }, /OAUTH_KEYCLOAK_SCOPES must include openid/],
    [
      { ...keycloak, OAUTH_KEYCLOAK_TYPE: 'saml' },
      /OAUTH_KEYCLOAK_TYPE must be one of oidc, github/,
    ],
    [{ OAUTH_GITLAB_ISSUER: 'https://gitlab.com' }, /OAUTH_GITLAB_ISSUER belongs to no provider/],
    [
      { ...keycloak, OAUTH_KEYCLOAK_CLIENTID: 'typo' },
      /OAUTH_KEYCLOAK_CLIENTID belongs to no provider/,
    ],
    [
      { OAUTH_LINK_BY_VERIFIED_EMAIL: 'maybe' },
      /OAUTH_LINK_BY_VERIFIED_EMAIL must be true or false/,
    ],
  ])('refuses to start on %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('refuses plain http providers in production, and never echoes a client secret', () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://folio:a-strong-password-1@db.example.com/folio',
      ...keycloak,
      OAUTH_KEYCLOAK_ISSUER: 'http://sso.example.com/realms/blog',
    };
    expect(() => loadConfig(env)).toThrow(/OAUTH_KEYCLOAK_ISSUER must be an https:\/\/ URL/);
    expect(() =>
      loadConfig({ ...env, ...keycloak, OAUTH_KEYCLOAK_CLIENT_SECRET: 'short' }),
    ).toThrow(/^(?!.*short).*OAUTH_KEYCLOAK_CLIENT_SECRET/);
    // A provider on this machine is reached without crossing a network.
    for (const issuer of [
      'http://127.0.0.1:8080/realms/blog',
      'http://localhost:8080/realms/blog',
    ]) {
      expect(loadConfig({ ...env, OAUTH_KEYCLOAK_ISSUER: issuer }).oauth.providers[0].issuer).toBe(
        issuer,
      );
    }
    expect(() =>
      loadConfig({ ...env, OAUTH_KEYCLOAK_ISSUER: 'http://127.0.0.1.example.com/realms/blog' }),
    ).toThrow(/must be an https/);
  });
});
