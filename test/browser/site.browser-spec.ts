import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';
import { call, createArticle, createUser, login, uniqueName } from './support/api';
import { BASE_URL, FolioProcess, SUPERUSER } from './support/folio-process';
import { MailCatcher } from './support/mail-catcher';

/** Debian's chromium, with the flags this machine's closed network needs. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = process.env.FOLIO_SCREENSHOTS_DIR;

// Flows wait on a browser, a server and mail delivery; testTimeout in a jest project is not applied.
jest.setTimeout(60000);

const mail = new MailCatcher();
const folio = new FolioProcess();
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let consoleErrors: string[];
let apiRequests: string[];

beforeAll(async () => {
  const smtpPort = await mail.start();
  await folio.start(smtpPort);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  await browser?.close();
  await folio.stop();
  await mail.stop();
});

beforeEach(async () => {
  context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
  });
  page = await context.newPage();
  pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // What a person would see in the devtools: failed requests are logged as console errors.
  consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  apiRequests = [];
  page.on('request', (req) => {
    const { pathname } = new URL(req.url());
    if (pathname.startsWith('/api/')) apiRequests.push(`${req.method()} ${pathname}`);
  });
});

afterEach(async () => {
  await context.close();
  // An uncaught exception in the page is a bug even when the flow got through.
  expect(pageErrors).toEqual([]);
});

/** Signs the browser in as `user` the way the site does: the token in localStorage. */
async function signInAs(user: { token: string }): Promise<void> {
  // A string, since the root tsconfig has no DOM types.
  await context.addInitScript(`localStorage.setItem('folio.token', ${JSON.stringify(user.token)})`);
}

async function signInThroughForm(email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', password);
  await page.click('[data-test=submit]');
}

/** Polls like a person looking at the page: true within the timeout, or the test fails saying what. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function hasText(locator: Locator, text: string): Promise<void> {
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

async function hasAttribute(locator: Locator, name: string, value: string): Promise<void> {
  await eventually(
    async () =>
      (await locator
        .first()
        .getAttribute(name, { timeout: 1000 })
        .catch(() => null)) === value,
    `${name}="${value}" on ${locator.toString()}`,
  );
}

function fieldError(name: string) {
  return page.locator(`label:has([name="${name}"]) [role=alert]`);
}

async function shot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

describe('serving', () => {
  it('serves the site at / and client routes, with API 404s still JSON', async () => {
    const assets: { path: string; encoding?: string; cache?: string }[] = [];
    page.on('response', (res) => {
      const { pathname } = new URL(res.url());
      if (/^\/assets\/.+\.(js|css)$/.test(pathname)) {
        const headers = res.headers();
        assets.push({
          path: pathname,
          encoding: headers['content-encoding'],
          cache: headers['cache-control'],
        });
      }
    });
    const home = await page.goto('/', { waitUntil: 'networkidle' });
    // The built scripts and styles, cached for good; the entry bundles as the build compressed them
    // (a file of a few bytes that brotli cannot shrink is sent as it is).
    const entries = assets.filter((a) => /\/index-[\w-]+\.(js|css)$/.test(a.path));
    expect(entries.map((a) => [a.path.split('.').pop(), a.encoding]).sort()).toEqual([
      ['css', 'br'],
      ['js', 'br'],
    ]);
    for (const asset of assets) expect(asset.cache).toBe('public, max-age=31536000, immutable');
    expect((await home?.allHeaders())?.['cache-control']).toBe('no-cache');
    expect(home?.status()).toBe(200);
    await hasText(page.locator('h1'), 'Folio');
    expect((await page.goto('/login'))?.status()).toBe(200);
    await page.locator('input[name=email]').waitFor();
    const res = await call('GET', '/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: expect.any(Object) });
  });

  it('answers an unknown address with 404 and the not-found page', async () => {
    const res = await page.goto('/no/such/page');
    expect(res?.status()).toBe(404);
    await hasText(page.locator('[data-test=not-found] h1'), 'Nothing here');
    await shot('not-found');
    await page.click('[data-test=not-found] a:has-text("Back to the home page")');
    await page.locator('[data-test=article-list], [data-test=empty]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('shows the not-found page for a missing article, not an error to retry', async () => {
    await page.goto('/article/does-not-exist');
    await hasText(page.locator('[data-test=not-found] h1'), 'Nothing here');
    expect(await page.locator('[data-test=load-error]').count()).toBe(0);
    await shot('missing-article');
  });

  it('switches to Russian and keeps the choice', async () => {
    await page.goto('/');
    await page.click('[data-test=locale]');
    await page.click('.q-menu .q-item:has-text("RU")');
    await hasText(page.locator('[data-test=nav-signin]'), 'Войти');
    await page.reload();
    await hasText(page.locator('[data-test=nav-signin]'), 'Войти');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
  });

  it('is keyboard reachable: the first Tab lands on the skip link', async () => {
    await page.goto('/');
    await page.locator('h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.className ?? ""')).toContain(
      'skip-link',
    );
    await page.keyboard.press('Enter');
    expect(page.url()).toContain('#main');
  });

  it('fits a phone: the menu moves into a drawer', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.click('[data-test=menu]');
    await page.locator('.q-drawer .q-item:has-text("Sign in")').waitFor();
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });
});

describe('writing and reading', () => {
  it('sign up → verify from the mail → draft → publish → comment → favorite → follow → feed', async () => {
    const username = uniqueName('writer');
    const email = `${username}@folio.test`;
    await page.goto('/register');
    await page.fill('input[name=username]', username);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'password-1234');
    await page.click('[data-test=submit]');
    await hasText(page.locator('[data-test=nav-user]'), username);

    // The verification link from the real mail.
    const link = await mail.linkTo(email, '/verify(?:-email)?');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
    await page.locator('[data-test=verified]').waitFor();

    // A draft, with markdown that must be rendered and sanitized.
    await page.goto('/editor');
    const title = `Draft ${username}`;
    await page.fill('input[name=title]', title);
    await page.fill('input[name=description]', 'What drafts are for');
    await page.fill(
      'textarea[name=body]',
      'Hello **bold** world\n\n<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>',
    );
    await page.fill('.q-select:has-text("Tags") input', 'browsers');
    await page.keyboard.press('Enter');
    await page.click('[data-test=preview-tab]');
    await hasText(page.locator('[data-test=preview] strong'), 'bold');
    await page.click('[data-test=save-draft]');
    await page.locator('[data-test=draft-badge]').waitFor();
    await hasText(page.locator('[data-test=article-body] strong'), 'bold');
    expect(await page.locator('[data-test=article-body] script').count()).toBe(0);
    expect(await page.locator('[data-test=article-body] [onerror]').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();

    await page.goto('/drafts');
    await page.locator(`[data-test=article-preview]:has-text("${title}")`).waitFor();

    // Publish it.
    await page.click(`[data-test=article-preview]:has-text("${title}") h2`);
    await page.click('[data-test=edit-article]');
    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=article-title]'), title);
    expect(await page.locator('[data-test=draft-badge]').count()).toBe(0);

    // Comment on it.
    await page.fill('textarea[name=comment]', 'First comment from the browser');
    await page.click('[data-test=post-comment]');
    await hasText(page.locator('[data-test=comment]').first(), 'First comment from the browser');
    await shot('article');

    // Favorite and follow another author, then find their article in the feed.
    const other = await createUser('author');
    const theirs = await createArticle(other, { title: `Feed item ${other.username}` });
    await page.goto(`/article/${theirs.slug}`);
    await page.click('[data-test=favorite]');
    await hasAttribute(page.locator('[data-test=favorite]'), 'aria-pressed', 'true');
    await hasText(page.locator('[data-test=favorite]'), '(1)');
    await page.click('[data-test=follow]');
    await hasAttribute(page.locator('[data-test=follow]'), 'aria-pressed', 'true');

    await page.goto('/?feed=1');
    await page.locator(`[data-test=article-preview]:has-text("${theirs.title}")`).waitFor();
    await page.goto(`/profile/${username}/favorites`);
    await page.locator(`[data-test=article-preview]:has-text("${theirs.title}")`).waitFor();
  });

  it('finds articles by full-text search (Enter and the button) and by tag', async () => {
    const author = await createUser('searcher');
    const word = uniqueName('quokka');
    const other = uniqueName('wombat');
    await createArticle(author, { title: `All about ${word}`, tagList: ['marsupials'] });
    await createArticle(author, { title: `All about ${other}` });
    // The newest article tops the global feed: results only count once it is gone.
    const decoy = await createArticle(author, { title: `Nothing to find ${uniqueName('x')}` });
    const previews = page.locator('[data-test=article-preview]');
    await page.goto('/');
    await page.locator(`[data-test=article-preview]:has-text("${decoy.title}")`).waitFor();

    // A person clicks into the box, types and presses Enter.
    await page.click('[data-test=search]');
    await page.keyboard.type(word);
    await page.keyboard.press('Enter');
    await page.locator(`[data-test=article-preview]:has-text("${word}")`).waitFor();
    await hasText(page.locator('[data-test=feed-tabs]'), `Results for`);
    expect(await previews.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(word);

    // Then replaces the words and clicks the search button with the mouse.
    await page.click('[data-test=search]', { clickCount: 3 });
    await page.keyboard.type(other);
    await page.click('[data-test=search-submit]');
    await page.locator(`[data-test=article-preview]:has-text("${other}")`).waitFor();
    expect(await previews.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(other);

    await page.goto('/?tag=marsupials');
    await page.locator(`[data-test=article-preview]:has-text("${word}")`).waitFor();
  });
});

describe('accounts', () => {
  it('tells a new user their email is not verified, without asking the admin API', async () => {
    const username = uniqueName('newbie');
    const email = `${username}@folio.test`;
    await page.goto('/register');
    await page.fill('input[name=username]', username);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', 'password-1234');
    await page.click('[data-test=submit]');
    await hasText(page.locator('[data-test=nav-user]'), username);

    // A fresh page load as that user: the session comes back from GET /api/user alone.
    await page.waitForLoadState('networkidle');
    apiRequests.length = 0;
    await page.reload({ waitUntil: 'networkidle' });
    await hasText(page.locator('[data-test=nav-user]'), username);
    expect(apiRequests).toContain('GET /api/user');
    expect(apiRequests.filter((r) => r.includes('/api/admin'))).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('[data-test=nav-admin]').count()).toBe(0);
    await hasText(page.locator('[data-test=unverified-banner]'), 'not verified');
    await shot('unverified-banner');

    const link = await mail.linkTo(email, '/verify(?:-email)?');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
    await page.locator('[data-test=verified]').waitFor();
    expect(await page.locator('[data-test=unverified-banner]').count()).toBe(0);
    await page.goto('/', { waitUntil: 'networkidle' });
    await page.locator('[data-test=nav-user]').waitFor();
    expect(await page.locator('[data-test=unverified-banner]').count()).toBe(0);
  });

  it('resets a forgotten password from the mailed link', async () => {
    const user = await createUser('forgetful');
    await page.goto('/login');
    await page.click('[data-test=forgot-link]');
    // The login form has an email field too: wait for the forgot-password form before typing.
    await page.locator('[data-test=forgot-form]').waitFor();
    await page.fill('[data-test=forgot-form] input[name=email]', user.email);
    await page.click('[data-test=submit]');
    await page.locator('[data-test=forgot-sent]').waitFor();

    const link = await mail.linkTo(user.email, '/reset-password');
    await page.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
    await page.fill('input[name=password]', 'a-brand-new-password');
    await page.fill('input[name=confirm]', 'a-brand-new-password');
    await page.click('[data-test=submit]');
    await page.waitForURL('**/login');

    await signInThroughForm(user.email, 'a-brand-new-password');
    await hasText(page.locator('[data-test=nav-user]'), user.username);
    expect((await login(user.email, user.password)).status).toBe(401);
    // The reset revoked the token the user had before.
    expect((await call('GET', '/user', undefined, user.token)).status).toBe(401);
  });

  it('signs out by revoking the token', async () => {
    const user = await createUser('leaver');
    await signInAs(user);
    await page.goto('/settings');
    await page.click('[data-test=signout]');
    await page.locator('[data-test=nav-signin]').waitFor();
    expect((await call('GET', '/user', undefined, user.token)).status).toBe(401);
  });

  it('shows validation errors from the API next to their fields', async () => {
    const taken = await createUser('taken');
    await page.goto('/register');
    await page.fill('input[name=username]', taken.username);
    await page.fill('input[name=email]', `new-${taken.email}`);
    await page.fill('input[name=password]', 'password-1234');
    await page.click('[data-test=submit]');
    await hasText(fieldError('username'), 'taken');
    expect(await fieldError('email').count()).toBe(0);

    await page.fill('input[name=username]', uniqueName('fresh'));
    await page.fill('input[name=password]', 'short');
    await page.click('[data-test=submit]');
    await fieldError('password').waitFor();

    await signInThroughForm(taken.email, 'wrong-password-1');
    await page.locator('[data-test=form-errors]').waitFor();
    expect(page.url()).toContain('/login');

    await signInAs(taken);
    await page.goto('/editor');
    await page.click('[data-test=publish]');
    await fieldError('title').waitFor();
  });
});

describe('administration', () => {
  it('lets a superuser deactivate a user, who then cannot sign in', async () => {
    const victim = await createUser('victim');
    await signInThroughForm(SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.goto('/admin/users');
    await page.fill('input[name=username]', victim.username);
    const toggle = page.locator(`[data-test="active-${victim.username}"]`);
    await hasAttribute(toggle, 'aria-checked', 'true');
    await toggle.click();
    await hasAttribute(toggle, 'aria-checked', 'false');
    await shot('admin-users');

    expect((await call('GET', '/user', undefined, victim.token)).status).toBe(401);
    expect((await login(victim.email, victim.password)).status).not.toBe(200);
  });

  it('manages categories and shows them on the home page', async () => {
    await signInThroughForm(SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.goto('/admin/categories');
    const name = uniqueName('Science');
    await page.fill('input[name=name]', name);
    await page.fill('input[name=description]', 'Papers and experiments');
    await page.click('[data-test=save-category]');
    await page.locator(`[data-test=category-list] :text("${name}")`).waitFor();
    await page.goto('/');
    await page.locator(`[data-test=categories] :text("${name}")`).waitFor();
  });

  it('shows a superuser the admin links from their own record', async () => {
    await signInThroughForm(SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.reload();
    await page.locator('[data-test=nav-admin]').waitFor();
    expect(await page.locator('[data-test=unverified-banner]').count()).toBe(0);
  });

  it('keeps non-superusers out of the admin pages', async () => {
    await signInAs(await createUser('plain'));
    await page.goto('/admin/users');
    await page.locator('text=Nothing here').waitFor();
  });
});

describe('screenshots of the main pages', () => {
  it('renders home, profile, editor, sign-in and a phone-sized home', async () => {
    const author = await createUser('reader');
    for (const n of [1, 2, 3]) {
      await createArticle(author, {
        title: `Notes on gardening, part ${n}`,
        description: 'Soil, light and patience',
        tagList: ['gardening', 'notes'],
      });
    }
    await page.goto('/');
    await page.locator('[data-test=article-preview]').first().waitFor();
    await shot('home');
    await page.goto(`/profile/${author.username}`);
    await page.locator('[data-test=article-preview]').first().waitFor();
    await shot('profile');
    await page.goto('/login');
    await page.locator('input[name=email]').waitFor();
    await shot('sign-in');
    await signInAs(author);
    await page.goto('/editor');
    await page.fill('input[name=title]', 'Как вырастить томаты');
    await page.fill('textarea[name=body]', '## Почва\n\nНужна **рыхлая** земля.');
    await page.click('[data-test=preview-tab]');
    await page.locator('[data-test=preview] h2').waitFor();
    await shot('editor-preview');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.locator('[data-test=article-preview]').first().waitFor();
    await shot('home-phone');
  });
});
