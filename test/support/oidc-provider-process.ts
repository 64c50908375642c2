/**
 * A real OpenID provider (the certified `oidc-provider` package) in a process of its own: the package is
 * ESM-only with ESM-only dependencies (koa ...), which Jest's CommonJS runtime cannot load, so the test
 * starts this file with `node --import tsx` (test/support/oidc-test-provider.ts) and talks to it over
 * HTTP as Folio does. Settings come from OIDC_TEST_SETTINGS (JSON, see ProviderSettings); it prints
 * `listening <issuer>` once ready.
 */
import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderSettings {
  clients: { client_id: string; client_secret: string; redirect_uris: string[] }[];
  /** The users anyone may sign in as (any password), by subject: their claims. */
  accounts: Record<string, Record<string, unknown>>;
  /** Shifts the provider's clock: its ID tokens are issued (and expire) that much earlier. */
  clockOffsetSeconds?: number;
  /** Publishes another key than the one it signs with, under the same kid: signatures do not verify. */
  forgeJwks?: boolean;
}

function signingKeys(): { signing: JsonWebKey; published: JsonWebKey } {
  const key = (): JsonWebKey =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const signing = { ...key(), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const publicPart = ({ kty, n, e, kid, use, alg }: JsonWebKey) => ({ kty, n, e, kid, use, alg });
  return { signing, published: publicPart(signing) };
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.env.OIDC_TEST_SETTINGS ?? '{}') as ProviderSettings;
  if (settings.clockOffsetSeconds) {
    const realNow = Date.now.bind(Date);
    const offset = settings.clockOffsetSeconds * 1000;
    Date.now = () => realNow() + offset;
  }
  const { default: Provider } = await import('oidc-provider');
  const keys = signingKeys();
  const forged = settings.forgeJwks ? { keys: [signingKeys().published] } : undefined;
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: settings.clients.map((client) => ({
      ...client,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys: [keys.signing] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username', 'name'],
    },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx: unknown, id: string) =>
      settings.accounts[id]
        ? { accountId: id, claims: () => ({ sub: id, ...settings.accounts[id] }) }
        : undefined,
    // No consent screen: the test user grants what Folio asks.
    loadExistingGrant: async (ctx: import('oidc-provider').GrantContext) => {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const handle = provider.callback();
  server.on('request', (request, response) => {
    if (forged && request.url === '/jwks') {
      response.writeHead(200, { 'Content-Type': 'application/jwk-set+json' });
      response.end(JSON.stringify(forged));
      return;
    }
    handle(request, response);
  });
  process.stdout.write(`listening ${issuer}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
