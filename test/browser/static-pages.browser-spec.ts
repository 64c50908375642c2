import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { call, createUser, giveRole, login, TestUser } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL, SUPERUSER } from './support/folio-process';
import {
  eventually,
  fieldError,
  hasAttribute,
  hasText,
  shot,
  signInAs,
} from './support/page-actions';

// The blog's own pages (About, Contact): an editor writes one and puts it in the menu, readers find
// it there, and the administration's list keeps them.
const site = useBrowserSite();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const NARROW_DESKTOP = { width: 1024, height: 768 };

async function createEditor(): Promise<TestUser> {
  const editor = await createUser('editor');
  await giveRole(editor, 'editor');
  return editor;
}

/** Writes a page through the API as `author`: its address. */
async function writePage(author: TestUser, input: object): Promise<string> {
  const res = await call<{ page: { slug: string } }>(
    'POST',
    '/pages',
    { page: input },
    author.token,
  );
  expect(res.status).toBe(201);
  return res.body.page.slug;
}

/** A second browser, never signed in: what a reader sees while the editor works in the first. */
async function openReader(
  viewport = DESKTOP,
): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await site.browser.newContext({ baseURL: BASE_URL, locale: 'en-US', viewport });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

const path = (page: Page) => new URL(page.url()).pathname;

describe('static pages', () => {
  // Each test starts from a blog without pages: the menu's places and the addresses are its own.
  beforeEach(async () => {
    const admin = (await login(SUPERUSER.email, SUPERUSER.password)).body.user.token;
    const list = await call<{ pages: { slug: string }[] }>('GET', '/pages', undefined, admin);
    for (const { slug } of list.body.pages) {
      expect((await call('DELETE', `/pages/${slug}`, undefined, admin)).status).toBe(204);
    }
  });

  it('an editor publishes an About page into the menu; a reader follows it there until it is unpublished', async () => {
    const { page } = site;
    const editor = await createEditor();
    await signInAs(page, editor);
    await page.goto('/');

    // From the header's Administration menu, as Categories and Moderation.
    await page.click('[data-test=nav-admin]');
    await page.click('[data-test=nav-admin-pages]');
    await page.waitForURL('**/admin/pages');
    await page.click('[data-test=new-page]');
    await page.waitForURL('**/admin/pages/new');

    await page.fill('input[name=title]', 'About');
    await page.fill(
      'textarea[name=body]',
      'We are **plain** folk who write about:\n\n- trains\n- boats\n',
    );
    await page.click('[data-test=preview-tab]');
    await hasText(page.locator('[data-test=preview] strong'), 'plain');
    expect(await page.locator('[data-test=preview] li').allTextContents()).toEqual([
      'trains',
      'boats',
    ]);
    await page.click('[data-test=in-menu]');
    // The menu is empty: the page goes first.
    await eventually(
      async () => (await page.inputValue('input[name=menuPosition]')) === '1',
      'the first place in the menu offered',
    );
    await expectAccessible(page, 'the page editor, a new page');
    await shot(page, 'static-page-editor');

    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=published-note]'), 'The page is published.');
    await page.waitForURL('**/admin/pages/about/edit');
    await shot(page, 'static-page-published');
    // Published: Save keeps it so, Unpublish takes it back.
    await page.locator('[data-test=save]').waitFor();
    await page.locator('[data-test=unpublish]').waitFor();
    // The editor's own header has it at once, without a reload.
    await hasText(page.locator('[data-test=nav-page]'), 'About');

    const reader = await openReader();
    try {
      await reader.page.goto('/');
      const readerMenu = reader.page.locator('[data-test=nav-page]');
      await hasText(readerMenu, 'About');
      await readerMenu.click();
      await reader.page.waitForURL('**/page/about');
      await hasText(reader.page.locator('h1'), 'About');
      expect(await reader.page.locator('h1').count()).toBe(1);
      await hasText(reader.page.locator('[data-test=page-body] strong'), 'plain');
      expect(await reader.page.locator('[data-test=page-body] li').allTextContents()).toEqual([
        'trains',
        'boats',
      ]);
      await eventually(
        async () => (await reader.page.title()) === 'About — Folio',
        "the page's title in the tab",
      );
      // Only editors are offered its editor.
      expect(await reader.page.locator('[data-test=edit-page]').count()).toBe(0);
      await expectAccessible(reader.page, 'a static page, to a reader');
      await shot(reader.page, 'static-page');

      // On a phone the page is in the drawer's menu.
      await reader.page.setViewportSize(PHONE);
      await reader.page.goto('/');
      await reader.page.click('[data-test=menu]');
      const drawerLink = reader.page.locator('#nav-drawer .q-item', { hasText: 'About' });
      await drawerLink.waitFor();
      // Open once the focus is in it (the drawer takes it when it has slid in).
      await eventually(
        () => reader.page.evaluate<boolean>('!!document.activeElement?.closest("#nav-drawer")'),
        'the focus in the drawer',
      );
      await shot(reader.page, 'static-page-phone-menu');
      await drawerLink.click();
      await reader.page.waitForURL('**/page/about');
      await hasText(reader.page.locator('[data-test=page-title]'), 'About');
      await shot(reader.page, 'static-page-phone');
      await reader.page.setViewportSize(DESKTOP);

      // The editor sees the page with its Edit link, and changes it: a new title, back to a draft.
      await page.click('[data-test=published-view]');
      await page.waitForURL('**/page/about');
      await page.click('[data-test=edit-page]');
      await page.waitForURL('**/admin/pages/about/edit');
      await page.fill('input[name=title]', 'About us');
      await page.click('[data-test=unpublish]');
      await page.locator('.q-notification', { hasText: 'Moved back to drafts' }).waitFor();
      await page.locator('[data-test=publish]').waitFor();
      // Its address stays: only an emptied address follows the title.
      expect(path(page)).toBe('/admin/pages/about/edit');
      await eventually(
        async () => (await page.locator('[data-test=nav-page]').count()) === 0,
        "the page gone from the editor's menu",
      );
      await expectAccessible(page, 'the page editor, a draft', { themes: 'light' });

      // The reader's menu, once reloaded, no longer has it, and its address is not found.
      await reader.page.reload({ waitUntil: 'networkidle' });
      await reader.page.locator('[data-test=site-title]').waitFor();
      expect(await reader.page.locator('[data-test=nav-page]').count()).toBe(0);
      await reader.page.locator('[data-test=not-found]').waitFor();
      expect(path(reader.page)).toBe('/page/about');
      await reader.page.goto('/', { waitUntil: 'networkidle' });
      await reader.page.locator('[data-test=site-title]').waitFor();
      expect(await reader.page.locator('[data-test=nav-page]').count()).toBe(0);
      expect(reader.errors).toEqual([]);
    } finally {
      await reader.close();
    }

    // The editor still reads the draft, marked as one.
    await page.goto('/page/about');
    await hasText(page.locator('[data-test=page-title]'), 'About us');
    await hasText(page.locator('[data-test=page-status]'), 'Draft');
    await page.locator('[data-test=edit-page]').waitFor();
    await expectAccessible(page, 'a draft page, to an editor', { themes: 'light' });
    await shot(page, 'static-page-draft');
  });

  it('lists the pages for editors with their addresses, and deletes one naming its address', async () => {
    const { page } = site;
    const editor = await createEditor();
    // Two pages titled Contact: the old one, kept as a draft, and the one readers see.
    await writePage(editor, { title: 'Contact', slug: 'contact', body: 'Write to us.' });
    await writePage(editor, {
      title: 'Contact',
      slug: 'contact-us',
      body: 'Mail us.',
      status: 'published',
      menuPosition: 2,
    });
    const imprint = await writePage(editor, { title: 'Imprint', body: 'Who we are.' });

    await signInAs(page, editor);
    await page.goto('/admin/pages');
    const row = (slug: string) => page.locator(`[data-test=page-row][data-slug="${slug}"]`);
    await hasText(row('contact-us'), 'Contact');
    await hasText(row('contact-us').locator('[data-test=page-status]'), 'Published');
    await hasText(row('contact-us'), 'In the menu, place 2');
    await hasText(row('contact').locator('[data-test=page-status]'), 'Draft');
    await hasText(row(imprint).locator('[data-test=page-status]'), 'Draft');
    await hasText(row(imprint), 'Not in the menu');
    // Each row says where its page is, and its buttons name it by title and address.
    await hasText(row('contact').locator('[data-test=page-address]'), '/page/contact');
    await hasText(row('contact-us').locator('[data-test=page-address]'), '/page/contact-us');
    for (const slug of ['contact', 'contact-us']) {
      const name = `Contact (/page/${slug})`;
      await row(slug)
        .getByRole('link', { name: `Edit page: ${name}`, exact: true })
        .waitFor();
      await row(slug)
        .getByRole('button', { name: `Delete page: ${name}`, exact: true })
        .waitFor();
    }
    await expectAccessible(page, 'admin: pages');
    await shot(page, 'admin-pages');
    await page.setViewportSize(PHONE);
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await shot(page, 'admin-pages-phone');
    await page.setViewportSize(DESKTOP);

    // Deleting asks first, naming the page and its address, with the focus on Cancel.
    await page
      .getByRole('button', { name: 'Delete page: Contact (/page/contact)', exact: true })
      .click();
    const dialog = page.locator('[data-test=confirm-dialog]');
    await hasText(dialog, 'Delete the page “Contact” (/page/contact)?');
    await eventually(
      () =>
        page.evaluate<boolean>(
          'document.activeElement?.getAttribute("data-test") === "confirm-cancel"',
        ),
      'the focus on Cancel',
    );
    await shot(page, 'admin-pages-delete');
    await page.click('[data-test=confirm-ok]');
    await row('contact').waitFor({ state: 'detached' });
    await hasText(row('contact-us'), 'Contact');
    expect((await call('GET', '/pages/contact', undefined, editor.token)).status).toBe(404);
    expect((await call('GET', '/pages/contact-us', undefined, editor.token)).status).toBe(200);
  });

  it('says each error under its field until the field is changed, and a taken address made from the title as such', async () => {
    const { page } = site;
    const editor = await createEditor();
    await writePage(editor, {
      title: 'Contact',
      body: 'Write to us.',
      status: 'published',
      menuPosition: 2,
    });
    await signInAs(page, editor);
    await page.goto('/admin/pages/new');
    const noError = (name: string) =>
      eventually(
        async () =>
          (await fieldError(page, name).count()) === 0 &&
          (await page.getAttribute(`[name="${name}"]`, 'aria-invalid')) !== 'true',
        `no error under ${name} once it is changed`,
      );

    // A message goes as the field it is under is changed, not at the next save.
    await page.click('[data-test=publish]');
    await hasText(fieldError(page, 'title'), "can't be blank");
    await page.fill('input[name=title]', 'Contact');
    await noError('title');
    await page.click('[data-test=publish]');
    await hasText(fieldError(page, 'body'), "can't be blank");
    await page.fill('textarea[name=body]', 'Mail us.');
    await noError('body');
    await page.click('[data-test=in-menu]');
    await page.fill('input[name=menuPosition]', '0');
    await page.click('[data-test=publish]');
    const place = fieldError(page, 'menuPosition');
    await hasText(place, 'must be at least 1');
    await page.fill('input[name=menuPosition]', '1');
    await page.keyboard.press('Tab');
    await noError('menuPosition');

    // The Address left empty: the address made from the title is Contact's, and the message says so.
    await page.click('[data-test=publish]');
    await hasText(
      fieldError(page, 'slug'),
      'Another page already has the address made from this title. Enter another address.',
    );
    await expectAccessible(page, 'the page editor with a field error', { themes: 'light' });
    await shot(page, 'static-page-editor-errors');
    // An address typed that is taken: the API's own words.
    await page.fill('input[name=slug]', 'contact');
    await noError('slug');
    await page.click('[data-test=publish]');
    await hasText(fieldError(page, 'slug'), 'has already been taken');

    // The address reads as one, its fixed start against what is typed.
    await page.fill('input[name=slug]', 'write-to-us');
    await noError('slug');
    expect(await prefixGap(page)).toBeLessThan(1);
    await page.click('[data-test=publish]');
    await page.waitForURL('**/admin/pages/write-to-us/edit');
    await hasText(page.locator('[data-test=published-note]'), 'The page is published.');
    // The header's menu, in the places given: the new page first.
    const menuLinks = () =>
      page
        .locator('[data-test=nav-page]')
        .evaluateAll((links) => links.map((link) => link.getAttribute('href')));
    await eventually(
      async () => (await menuLinks()).join(' ') === '/page/write-to-us /page/contact',
      'both pages in the menu, in their places',
    );

    // The article editor's address field as the page editor's.
    await page.goto('/editor');
    await page.fill('input[name=slug]', 'on-trains');
    expect(await prefixGap(page)).toBeLessThan(1);
  });

  it('keeps the header on one line with seven menu pages: those that fit inline, a long title cut, the rest under More', async () => {
    const { page } = site;
    const admin = await createUser('admin');
    await giveRole(admin, 'administrator');
    await signInAs(page, admin);
    const reader = await openReader(NARROW_DESKTOP);
    try {
      // The header's height with no pages, as each of them sees it.
      await page.goto('/');
      await page.locator('[data-test=nav-admin]').waitFor();
      const adminHeight = await headerHeight(page);
      await reader.page.goto('/');
      await reader.page.locator('[data-test=nav-signin]').waitFor();
      const readerHeight = await headerHeight(reader.page);

      const long = 'How we choose, check, edit and correct the stories we publish';
      const titles = [long, 'About', 'Contact', 'Imprint', 'Privacy', 'Advertise', 'Newsletter'];
      const addresses: string[] = [];
      for (const [index, title] of titles.entries()) {
        const input = { title, body: 'Text.', status: 'published', menuPosition: index + 1 };
        addresses.push(`/page/${await writePage(admin, input)}`);
      }

      const viewers: [string, Page, number][] = [
        ['an administrator at 1280 px', page, adminHeight],
        ['a reader at 1024 px', reader.page, readerHeight],
      ];
      for (const [who, viewer, height] of viewers) {
        await viewer.reload();
        const inlineLinks = viewer.locator('header [data-test=nav-page]');
        await inlineLinks.first().waitFor();
        expect(await headerHeight(viewer)).toBe(height);
        // The blog's name whole, not cut to its first letter.
        expect(
          await viewer.evaluate<number>(
            '(t => t.scrollWidth - t.clientWidth)(document.querySelector(".q-toolbar__title"))',
          ),
        ).toBeLessThanOrEqual(0);
        // The long title, first in the menu, is cut short; its link is named by all of it.
        const longLink = viewer.getByRole('link', { name: long, exact: true });
        await hasAttribute(longLink, 'title', long);
        expect(
          await longLink.evaluate((link) => {
            const label = link.querySelector('.block');
            return label !== null && label.scrollWidth > label.clientWidth;
          }),
        ).toBe(true);

        // Every page is a link: inline, or in the More disclosure.
        const more = viewer.locator('[data-test=nav-more]');
        await hasAttribute(more, 'aria-expanded', 'false');
        await more.click();
        await hasAttribute(more, 'aria-expanded', 'true');
        const folded = viewer.locator('#nav-more-menu [data-test=nav-more-page]');
        await folded.first().waitFor();
        const hrefs = (links: typeof folded) =>
          links.evaluateAll((all) => all.map((link) => link.getAttribute('href')));
        const inline = await hrefs(inlineLinks);
        const rest = await hrefs(folded);
        expect(inline.length).toBeGreaterThan(0);
        expect(rest.length).toBeGreaterThan(0);
        expect([...inline, ...rest]).toEqual(addresses);
        await expectAccessible(viewer, `the header's More menu, ${who}`, { themes: 'light' });
        await shot(viewer, `header-menu-pages-${viewer === page ? 'admin' : 'reader'}`);
        await folded.last().click();
        await viewer.waitForURL(`**${addresses[6]}`);
        await hasText(viewer.locator('[data-test=page-title]'), 'Newsletter');
        await hasAttribute(more, 'aria-expanded', 'false');
        expect(await headerHeight(viewer)).toBe(height);
      }

      // On a phone, the drawer lists them all.
      await reader.page.setViewportSize(PHONE);
      await reader.page.goto('/');
      await reader.page.click('[data-test=menu]');
      await eventually(
        () => reader.page.evaluate<boolean>('!!document.activeElement?.closest("#nav-drawer")'),
        'the drawer open, the focus in it',
      );
      expect(await reader.page.locator('#nav-drawer .q-item').allTextContents()).toEqual(
        expect.arrayContaining(titles),
      );
      await shot(reader.page, 'header-menu-pages-phone');
      expect(reader.errors).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});

/** The header's height in pixels. */
function headerHeight(page: Page): Promise<number> {
  return page.evaluate<number>(
    'document.querySelector(".q-header").getBoundingClientRect().height',
  );
}

/** Pixels between an address field's fixed start (/page/) and the first letter typed after it. */
function prefixGap(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const input = document.querySelector('input[name=slug]');
    const range = document.createRange();
    range.selectNodeContents(input.closest('.q-field').querySelector('.q-field__prefix'));
    const padding = parseFloat(getComputedStyle(input).paddingLeft);
    return input.getBoundingClientRect().left + padding - range.getBoundingClientRect().right;
  })()`);
}
