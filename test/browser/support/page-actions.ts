import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { uniqueName } from './api';
import { BASE_URL } from './folio-process';
import { MailCatcher } from './mail-catcher';

const SCREENSHOTS = process.env.FOLIO_SCREENSHOTS_DIR;

/** Signs the browser in as `user` the way the site does: the token in localStorage. */
export async function signInAs(page: Page, user: { token: string }): Promise<void> {
  // A string, since the root tsconfig has no DOM types.
  await page
    .context()
    .addInitScript(`localStorage.setItem('folio.token', ${JSON.stringify(user.token)})`);
}

export async function signInThroughForm(
  page: Page,
  email: string,
  password: string,
): Promise<void> {
  await page.goto('/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('[data-test=submit]');
}

/** Signs a new user up through the register form and waits until the menu shows them. */
export async function registerThroughForm(page: Page, prefix: string) {
  const username = uniqueName(prefix);
  const email = `${username}@folio.test`;
  await page.goto('/register');
  await page.fill('input[name=username]', username);
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', 'password-1234');
  await page.click('[data-test=submit]');
  await hasText(page.locator('[data-test=nav-user]'), username);
  return { username, email };
}

/** Opens the link a mail to `email` carries (the first that has one), on this site's address. */
export async function openMailedLink(page: Page, mail: MailCatcher, email: string, path: string) {
  const link = await mail.linkTo(email, path);
  await page.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
}

/** Polls like a person looking at the page: true within the timeout, or the test fails saying what. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/**
 * Clicks `button` (a page's refresh) every half second, as a person waiting for a change would, until
 * `check` holds; the test fails saying what it waited for.
 */
export async function clickUntil(
  button: Locator,
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20000,
): Promise<void> {
  await eventually(
    async () => {
      if (await check()) return true;
      await button.click();
      await new Promise((resolve) => setTimeout(resolve, 500));
      return false;
    },
    what,
    timeoutMs,
  );
}

export async function hasText(locator: Locator, text: string): Promise<void> {
  let seen: string | null = null;
  await eventually(async () => {
    seen = await locator
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => null);
    return seen?.includes(text) ?? false;
  }, `"${text}" in ${locator.toString()}`).catch((error: Error) => {
    throw new Error(`${error.message} (saw ${JSON.stringify(seen)})`);
  });
}

export async function hasAttribute(locator: Locator, name: string, value: string): Promise<void> {
  await eventually(
    async () =>
      (await locator
        .first()
        .getAttribute(name, { timeout: 1000 })
        .catch(() => null)) === value,
    `${name}="${value}" on ${locator.toString()}`,
  );
}

export function fieldError(page: Page, name: string): Locator {
  return page.locator(`label:has([name="${name}"]) [role=alert]`);
}

/** A screenshot into FOLIO_SCREENSHOTS_DIR, when it is set. */
export async function shot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * The API failing (503) at `url` while `button` waits for it: the button spins until the answer, then
 * the reason is announced (a notification with role=alert) and the spinner goes.
 */
export async function expectFailureAnnounced(
  page: Page,
  url: string,
  button: Locator,
): Promise<void> {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route(url, async (route) => {
    await answered;
    await route.fulfill({
      status: 503,
      contentType: 'application/json',
      body: JSON.stringify({ errors: { server: ['is unavailable, try again shortly'] } }),
    });
  });
  await button.click();
  await button.locator('.q-spinner').waitFor();
  answer();
  await page
    .locator('.q-notification[role=alert]', { hasText: 'The service is busy: try again shortly' })
    .waitFor();
  await button.locator('.q-spinner').waitFor({ state: 'detached' });
  await page.unroute(url);
}
