import { TestApp } from './test-app';

/** The APP_URL the identity-provider tests give Folio: the providers send the browser back there. */
export const APP_URL = 'http://folio.test';

/**
 * The provider's side of a browser: its cookies, its redirects followed, its login form filled in (any
 * password: the test provider's dev interactions take it). Stops where the provider sends the browser
 * back to Folio, and answers that URL.
 */
export class ProviderBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** As signInAt, but the user presses the login page's Cancel link. */
  cancelAt(url: string): Promise<string> {
    return this.signInAt(url, '', true);
  }

  async signInAt(url: string, login: string, cancel = false): Promise<string> {
    let next: { url: string; body?: URLSearchParams } = { url };
    for (let hop = 0; hop < 20; hop++) {
      if (next.url.startsWith(APP_URL)) return next.url;
      const response = await this.fetch(next.url, next.body);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        next = { url: new URL(location, next.url).href };
        continue;
      }
      const page = await response.text();
      const abort = /<a href="([^"]*abort[^"]*)"/.exec(page)?.[1];
      if (cancel && abort) {
        next = { url: new URL(abort, next.url).href };
        continue;
      }
      const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
      const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
      if (response.status !== 200 || !action || !prompt) {
        throw new Error(`The provider answered ${response.status}: ${page.slice(0, 500)}`);
      }
      next = {
        url: new URL(action, next.url).href,
        body: new URLSearchParams({ prompt, login, password: 'any-password' }),
      };
    }
    throw new Error('Too many redirects at the provider');
  }

  private async fetch(url: string, body?: URLSearchParams): Promise<Response> {
    const origin = new URL(url).origin;
    const cookies = this.jar.get(origin) ?? new Map<string, string>();
    this.jar.set(origin, cookies);
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: { Cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = pair.split('=');
      if (value.join('=')) cookies.set(name.trim(), value.join('='));
      else cookies.delete(name.trim());
    }
    return response;
  }
}

export interface StartedSignIn {
  /** Where Folio sends the browser: the provider's authorization URL. */
  providerUrl: string;
  /** Folio's cookie for the callback (`folio_oauth=...`). */
  cookie: string;
}

/** The folio_oauth Set-Cookie header of an answer, if it has one. */
function folioSetCookie(setCookie: string[] | string | undefined): string | undefined {
  const headers = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return headers.find((header) => header.startsWith('folio_oauth='));
}

function folioCookie(setCookie: string[] | string | undefined): string {
  const cookie = folioSetCookie(setCookie);
  if (!cookie) throw new Error(`No folio_oauth cookie in ${JSON.stringify(setCookie)}`);
  return cookie.split(';')[0];
}

/** The browser's folio_oauth cookie once an answer is in: set, cleared (Max-Age=0), or kept. */
function cookieAfter(before: string | undefined, setCookie: string[] | string | undefined) {
  const header = folioSetCookie(setCookie);
  if (!header) return before;
  const pair = header.split(';')[0];
  return pair === 'folio_oauth=' || /Max-Age=0\b/i.test(header) ? undefined : pair;
}

/** Where the callback sent the browser (the web app's URL), and the folio_oauth cookie it then holds. */
export class WebArrival extends URL {
  constructor(
    href: string,
    readonly cookie: string | undefined,
  ) {
    super(href);
  }
}

/** GET /api/auth/providers/:name/authorize, as the "Continue with …" button's link. */
export async function startSignIn(
  t: TestApp,
  name: string,
  returnTo?: string,
): Promise<StartedSignIn> {
  const query = returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : '';
  const response = await t.http().get(`/api/auth/providers/${name}/authorize${query}`);
  if (response.status !== 302) {
    throw new Error(`authorize: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return {
    providerUrl: response.headers.location,
    cookie: folioCookie(response.headers['set-cookie']),
  };
}

/** POST /api/user/identities/:name as the settings page does: the URL and the cookie. */
export async function startLink(t: TestApp, token: string, name: string): Promise<StartedSignIn> {
  const response = await t.as(token).post(`/api/user/identities/${name}`);
  if (response.status !== 200) {
    throw new Error(`link: ${response.status} ${JSON.stringify(response.body)}`);
  }
  const body = response.body as { url: string };
  return { providerUrl: body.url, cookie: folioCookie(response.headers['set-cookie']) };
}

/** The provider's redirect back, through Folio's callback: the web app's URL it redirects to. */
export async function followCallback(
  t: TestApp,
  callbackUrl: string,
  cookie?: string,
): Promise<WebArrival> {
  const path = callbackUrl.slice(APP_URL.length);
  let call = t.http().get(path);
  if (cookie) call = call.set('Cookie', cookie);
  const response = await call;
  if (response.status !== 302) {
    throw new Error(`callback: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return new WebArrival(
    response.headers.location,
    cookieAfter(cookie, response.headers['set-cookie']),
  );
}

export interface SignedInUser {
  email: string;
  username: string;
  token: string;
  isVerified: boolean;
}

/** The whole round trip; the web app's URL (with `code` or `error`) and the provider's callback URL. */
export async function roundTrip(
  t: TestApp,
  browser: ProviderBrowser,
  name: string,
  login: string,
  started?: StartedSignIn,
): Promise<{ web: WebArrival; callbackUrl: string; started: StartedSignIn }> {
  const begun = started ?? (await startSignIn(t, name));
  const callbackUrl = await browser.signInAt(begun.providerUrl, login);
  return { web: await followCallback(t, callbackUrl, begun.cookie), callbackUrl, started: begun };
}

/**
 * POST /api/auth/providers/exchange with the web URL's code, as the web app's page does: from the
 * browser the callback left (its cookie), unless another `cookie` is given (or none, with null).
 */
export function exchange(t: TestApp, web: WebArrival, cookie: string | null = web.cookie ?? null) {
  const call = t.http().post('/api/auth/providers/exchange');
  return (cookie ? call.set('Cookie', cookie) : call).send({ code: web.searchParams.get('code') });
}
