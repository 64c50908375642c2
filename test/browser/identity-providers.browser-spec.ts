import { OidcTestProvider, startOidcProvider } from '../support/oidc-test-provider';
import { expectAccessible } from './support/accessibility';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL } from './support/folio-process';
import { hasText } from './support/page-actions';

// "Continue with …" as a person uses it: the button on the sign-in page, the provider's own login form
// (a real OpenID provider, oidc-provider, in a process of its own), the way back through Folio's callback
// to the web app, which trades the one-time code for the session.
const CLIENT = {
  client_id: 'folio-browser',
  client_secret: 'browser-test-client-secret-7f3a',
  redirect_uris: [`${BASE_URL}/api/auth/providers/acme/callback`],
};

let provider: OidcTestProvider | undefined;

// Before the site's own beforeAll: Folio is started with this provider's issuer.
beforeAll(async () => {
  provider = await startOidcProvider({
    clients: [CLIENT],
    accounts: {
      carol: {
        email: 'carol@idp.test',
        email_verified: true,
        preferred_username: 'carol',
        name: 'Carol',
      },
    },
  });
});

afterAll(() => provider?.stop());

const site = useBrowserSite({
  folioEnv: () => ({
    OAUTH_ACME_CLIENT_ID: CLIENT.client_id,
    OAUTH_ACME_CLIENT_SECRET: CLIENT.client_secret,
    OAUTH_ACME_ISSUER: (provider as OidcTestProvider).issuer,
    OAUTH_ACME_DISPLAY_NAME: 'Acme ID',
  }),
});

describe('signing in with an identity provider', () => {
  it('signs a new person in from "Continue with Acme ID", with no token in any address', async () => {
    const { page } = site;
    const addresses: string[] = [];
    page.on('request', (request) => addresses.push(request.url()));

    await page.goto('/login');
    const button = page.locator('[data-test=provider-acme]');
    await hasText(button, 'Continue with Acme ID');
    await expectAccessible(page, 'sign-in with an identity provider', { themes: 'light' });
    await button.click();
    // The provider's own login page.
    await page.locator('input[name=login]').fill('carol');
    await page.locator('input[name=password]').fill('any-password');
    await page.locator('button[type=submit]').click();

    await hasText(page.locator('[data-test=nav-user]'), 'carol');
    // Then the callback page hands over to the home page.
    await page.waitForURL((url) => url.pathname === '/');
    const token = await page.evaluate<string | null>("localStorage.getItem('folio.token')");
    expect(token).toBeTruthy();
    // The way back went through /auth/callback with a one-time code, never with the token.
    expect(addresses.some((url) => url.includes('/auth/callback?code='))).toBe(true);
    expect(addresses.filter((url) => url.includes(token as string))).toEqual([]);

    const me = await fetch(`${BASE_URL}/api/user`, {
      headers: { Authorization: `Token ${token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe('carol@idp.test');

    // Settings lists the provider; the only way in cannot be unlinked.
    await page.goto('/settings');
    await hasText(page.locator('[data-test=identity-acme]'), 'carol@idp.test');
    await page.locator('[data-test=no-password]').waitFor();
    await expectAccessible(page, 'settings with a linked provider', { themes: 'light' });
    await page.locator('[data-test=identity-acme] [data-test=unlink]').click();
    await page.waitForLoadState('networkidle');
    const identities = await fetch(`${BASE_URL}/api/user/identities`, {
      headers: { Authorization: `Token ${token}` },
    });
    expect(JSON.stringify(await identities.json())).toContain('"acme"');
    await hasText(page.locator('[data-test=identity-acme]'), 'carol@idp.test');
  });

  it('explains a cancelled sign-in on the web app and signs nobody in', async () => {
    const { page } = site;
    await page.goto('/register');
    const button = page.locator('[data-test=provider-acme]');
    await hasText(button, 'Continue with Acme ID');
    await button.click();
    await page.locator('input[name=login]').waitFor();
    await page.getByText('Cancel').click();

    await hasText(page.locator('[data-test=provider-error]'), 'The provider did not let you in.');
    await expectAccessible(page, "a provider's refusal", { themes: 'light' });
    expect(new URL(page.url()).pathname).toBe('/auth/callback');
    expect(await page.evaluate("localStorage.getItem('folio.token')")).toBeNull();
    expect(await page.locator('[data-test=nav-user]').count()).toBe(0);
  });
});
