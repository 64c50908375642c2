import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import {
  eventually,
  fieldError,
  hasAttribute,
  hasText,
  shot,
  signInAs,
} from './support/page-actions';

// What the server sends for the site (assets, client routes, 404s), its language, keyboard and phone
// layouts, and screenshots of the main pages. The blog has a name of its own, as a real one does.
const SITE_TITLE = 'Garden Notes';
const SITE_DESCRIPTION = 'What grows where, season by season';
const site = useBrowserSite({
  folioEnv: () => ({ SITE_TITLE, SITE_DESCRIPTION }),
});

const titleIs = (title: string) =>
  eventually(async () => (await site.page.title()) === title, `the title "${title}"`);
const focusedId = () => site.page.evaluate<string>('document.activeElement?.id ?? ""');

describe('serving', () => {
  it('serves the site at / and client routes, with API 404s still JSON', async () => {
    const { page } = site;
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
    await hasText(page.locator('h1'), SITE_TITLE);
    expect((await page.goto('/login'))?.status()).toBe(200);
    await page.locator('input[name=email]').waitFor();
    const res = await call('GET', '/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ errors: expect.any(Object) });
  });

  it("names the blog in the header and every page's title; a new page takes the focus", async () => {
    const { page } = site;
    const author = await createUser('gardener');
    const article = await createArticle(author, {
      title: `Tomatoes in December ${uniqueName('t')}`,
    });
    // A page with no head from the server (sign-in): the name comes from GET /api/site.
    await page.goto('/login');
    await hasText(page.locator('[data-test=site-title]'), SITE_TITLE);
    await titleIs(`Sign in — ${SITE_TITLE}`);

    await page.goto('/');
    await hasText(page.locator('h1'), SITE_TITLE);
    await hasText(page.locator('[data-test=site-description]'), SITE_DESCRIPTION);
    await titleIs(SITE_TITLE);
    await page.locator(`[data-test=article-preview] h2:has-text("${article.title}")`).click();
    await hasText(page.locator('[data-test=article-title]'), article.title);
    await titleIs(`${article.title} — ${SITE_TITLE}`);
    // Where a page load would put a screen reader and the next Tab: the page's content.
    expect(await focusedId()).toBe('main');

    // Back home the article's title is gone from the tab.
    await page.goBack();
    await titleIs(SITE_TITLE);
    await page.locator('[data-test=article-preview]').first().waitFor();
    // A search is the same page with a new query: the focus stays in the search form.
    await page.fill('[data-test=search]', 'Tomatoes');
    await page.keyboard.press('Enter');
    await titleIs(`Results for “Tomatoes” — ${SITE_TITLE}`);
    expect(
      await page.evaluate<boolean>('document.activeElement?.closest("[role=search]") !== null'),
    ).toBe(true);
    await page.goto(`/profile/${author.username}`);
    await titleIs(`${author.username} — ${SITE_TITLE}`);
  });

  it('answers an unknown address with 404 and the not-found page', async () => {
    const { page } = site;
    const res = await page.goto('/no/such/page');
    expect(res?.status()).toBe(404);
    await hasText(page.locator('[data-test=not-found] h1'), 'Nothing here');
    await expectAccessible(page, 'the not-found page', { themes: 'light' });
    await shot(page, 'not-found');
    await page.click('[data-test=not-found] a:has-text("Back to the home page")');
    await page.locator('[data-test=article-list], [data-test=empty]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('shows the not-found page for a missing article, not an error to retry', async () => {
    const { page } = site;
    await page.goto('/article/does-not-exist');
    await hasText(page.locator('[data-test=not-found] h1'), 'Nothing here');
    expect(await page.locator('[data-test=load-error]').count()).toBe(0);
    await shot(page, 'missing-article');
  });

  it("shows the not-found page for a tag or a category the blog does not have, as the server's 404 says", async () => {
    const { page } = site;
    const tag = uniqueName('Ferns');
    const author = await createUser('fern');
    await createArticle(author, { title: `On ferns ${tag}`, tagList: [tag] });
    for (const address of ['/tag/no-such-tag-here', '/category/no-such-category']) {
      expect((await page.goto(address))?.status()).toBe(404);
      await hasText(page.locator('[data-test=not-found] h1'), 'Nothing here');
      await titleIs(`Nothing here — ${SITE_TITLE}`);
      expect(await page.locator('[data-test=article-list], [data-test=empty]').count()).toBe(0);
    }
    // A tag that is there, in another case than it was written: its list, not the not-found page.
    expect((await page.goto(`/tag/${encodeURIComponent(tag.toLowerCase())}`))?.status()).toBe(200);
    await hasText(page.locator('[data-test=article-list] h2'), `On ferns ${tag}`);
    expect(await page.locator('[data-test=not-found]').count()).toBe(0);
  });

  it('switches to Russian and keeps the choice', async () => {
    const { page } = site;
    await page.goto('/');
    await page.click('[data-test=locale]');
    await page.click('.q-menu .q-item:has-text("RU")');
    await hasText(page.locator('[data-test=nav-signin]'), 'Войти');
    await page.reload();
    await hasText(page.locator('[data-test=nav-signin]'), 'Войти');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await page.locator('[data-test=article-list], [data-test=empty]').first().waitFor();
    await expectAccessible(page, 'the home page in Russian', { themes: 'light' });
    // An article keeps the language it is written in (SITE_LANGUAGE, English here): a screen reader
    // reads it in English inside the Russian interface.
    const author = await createUser('language');
    const article = await createArticle(author, { title: `Written in English ${author.username}` });
    await page.goto(`/article/${article.slug}`);
    await hasText(page.locator('[data-test=article-title]'), 'Written in English');
    for (const part of ['article-title', 'article-description', 'article-body']) {
      await hasAttribute(page.locator(`[data-test=${part}]`), 'lang', 'en');
    }
    expect(await page.getAttribute('html', 'lang')).toBe('ru');

    // The API's errors in Russian too: under the field, and in the form's banner.
    await page.goto('/register');
    await page.fill('input[name=username]', uniqueName('ru'));
    await page.fill('input[name=email]', `${uniqueName('ru')}@folio.test`);
    await page.fill('input[name=password]', 'short');
    await page.click('[data-test=submit]');
    await hasText(fieldError(page, 'password'), 'слишком короткое значение (минимум символов: 8)');
    await page.goto('/login');
    await page.fill('input[name=email]', 'nobody@folio.test');
    await page.fill('input[name=password]', 'wrong-password-1');
    await page.click('[data-test=submit]');
    await hasText(page.locator('[data-test=form-errors]'), 'Неверный email или пароль.');
  });

  it('is keyboard reachable: the first Tab lands on the skip link', async () => {
    const { page } = site;
    await page.goto('/');
    // The app, not the plain HTML the server sends crawlers first (it has an h1 too, and the app
    // replaces it on mounting, taking the focus with it).
    await page.locator('.skip-link').waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.className ?? ""')).toContain(
      'skip-link',
    );
    await page.keyboard.press('Enter');
    expect(page.url()).toContain('#main');
    // One main landmark (the page's), as screen readers expect: none nested in another.
    expect(await page.locator('main').count()).toBe(1);

    // Every control shows where the keyboard is: a header button too (Quasar's `no-outline` hid it).
    await page.goto('/');
    await page.locator('[data-test=nav-signin]').waitFor();
    await page.focus('[data-test=nav-signin]');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate<string>(
      "(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; })()",
    );
    expect(ring).toBe('solid 3px');

    // A form's error takes the focus to the field to fix.
    await page.goto('/register');
    await page.fill('input[name=username]', uniqueName('focus'));
    await page.fill('input[name=email]', `${uniqueName('focus')}@folio.test`);
    await page.fill('input[name=password]', 'short');
    await page.click('[data-test=submit]');
    await fieldError(page, 'password').waitFor();
    await eventually(
      async () =>
        (await page.evaluate<string>('document.activeElement?.getAttribute("name") ?? ""')) ===
        'password',
      'the focus on the password field',
    );
  });

  it('fits a phone: the menu moves into a drawer that a keyboard can use, and long words wrap', async () => {
    const { page } = site;
    const overflow = () =>
      page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    const menu = page.locator('[data-test=menu]');
    await hasAttribute(menu, 'aria-expanded', 'false');
    await menu.click();
    await page.locator('.q-drawer .q-item:has-text("Sign in")').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    // Open: said on the button, and the focus inside the drawer, where Tab keeps it.
    await hasAttribute(menu, 'aria-expanded', 'true');
    const inDrawer = () =>
      page.evaluate<boolean>('!!document.activeElement?.closest("#nav-drawer")');
    await eventually(inDrawer, 'the focus in the drawer');
    // The drawer is a navigation landmark holding a list of links.
    expect(await page.locator('nav#nav-drawer:not([role])').count()).toBe(1);
    await expectAccessible(page, "a phone's menu, open");
    for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
    expect(await inDrawer()).toBe(true);
    // Escape closes it and gives the focus back to the Menu button.
    await page.keyboard.press('Escape');
    await eventually(
      async () =>
        (await page.evaluate<string>('document.activeElement?.getAttribute("data-test") ?? ""')) ===
        'menu',
      'the focus back on the Menu button',
    );

    // One long word in a title and a description does not widen the page past the screen.
    const author = await createUser('longword');
    const word = `Understanding_AbstractSingletonProxyFactoryBeanConfiguration_${uniqueName('w')}`;
    const article = await createArticle(author, {
      title: word,
      description: `https://example.com/${'very-long-path-segment-'.repeat(6)}`,
    });
    await page.goto(`/article/${article.slug}`);
    await hasText(page.locator('[data-test=article-title]'), word);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`/profile/${author.username}`);
    await page.locator('[data-test=article-preview] h2').first().waitFor();
    const titles = await page.locator('[data-test=article-preview] h2').allTextContents();
    expect(titles).toEqual([word]);
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});

describe('screenshots of the main pages', () => {
  it('renders home, profile, editor, sign-in and a phone-sized home', async () => {
    const { page } = site;
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
    await expectAccessible(page, 'the home page');
    await shot(page, 'home');
    await page.goto(`/profile/${author.username}`);
    await page.locator('[data-test=article-preview]').first().waitFor();
    await expectAccessible(page, 'a profile');
    await shot(page, 'profile');
    await page.goto('/login');
    await page.locator('input[name=email]').waitFor();
    await expectAccessible(page, 'the sign-in page');
    await shot(page, 'sign-in');
    await page.goto('/register');
    await page.locator('input[name=username]').waitFor();
    await expectAccessible(page, 'the sign-up page');
    await signInAs(page, author);
    await page.goto('/editor');
    await page.fill('input[name=title]', 'Как вырастить томаты');
    await page.fill('textarea[name=body]', '## Почва\n\nНужна **рыхлая** земля.');
    await page.click('[data-test=preview-tab]');
    await page.locator('[data-test=preview] h2').waitFor();
    await expectAccessible(page, "the editor's preview");
    await shot(page, 'editor-preview');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/');
    await page.locator('[data-test=article-preview]').first().waitFor();
    await expectAccessible(page, 'the home page on a phone', { themes: 'light' });
    await shot(page, 'home-phone');
  });
});
