import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { call, createUser, giveRole, TestUser } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL } from './support/folio-process';
import { eventually, fieldError, hasText, shot, signInAs } from './support/page-actions';

// The blog's own pages (About, Contact): an editor writes one and puts it in the menu, readers find
// it there, and the administration's list keeps them.
const site = useBrowserSite();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

async function createEditor(): Promise<TestUser> {
  const editor = await createUser('editor');
  await giveRole(editor, 'editor');
  return editor;
}

/** A second browser, never signed in: what a reader sees while the editor works in the first. */
async function openReader(): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const context = await site.browser.newContext({
    baseURL: BASE_URL,
    locale: 'en-US',
    viewport: DESKTOP,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors, close: () => context.close() };
}

const path = (page: Page) => new URL(page.url()).pathname;

describe('static pages', () => {
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

  it('lists the pages for editors, says a blank body or a taken address on its field, and deletes with a confirmation', async () => {
    const { page } = site;
    const editor = await createEditor();
    const write = async (input: object) => {
      const res = await call<{ page: { slug: string } }>(
        'POST',
        '/pages',
        { page: input },
        editor.token,
      );
      expect(res.status).toBe(201);
      return res.body.page.slug;
    };
    await write({ title: 'Contact', body: 'Write to us.', status: 'published', menuPosition: 2 });
    const imprint = await write({ title: 'Imprint', body: 'Who we are.' });

    await signInAs(page, editor);
    await page.goto('/admin/pages');
    const row = (slug: string) => page.locator(`[data-test=page-row][data-slug="${slug}"]`);
    await hasText(row('contact'), 'Contact');
    await hasText(row('contact').locator('[data-test=page-status]'), 'Published');
    await hasText(row('contact'), 'In the menu, place 2');
    await hasText(row(imprint).locator('[data-test=page-status]'), 'Draft');
    await hasText(row(imprint), 'Not in the menu');
    await expectAccessible(page, 'admin: pages');
    await shot(page, 'admin-pages');
    await page.setViewportSize(PHONE);
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await shot(page, 'admin-pages-phone');
    await page.setViewportSize(DESKTOP);

    // A page with the address Contact has: said under the fields the API names.
    await page.click('[data-test=new-page]');
    await page.fill('input[name=title]', 'Contact');
    await page.click('[data-test=publish]');
    await hasText(fieldError(page, 'body'), "can't be blank");
    await page.fill('textarea[name=body]', 'Mail us.');
    await page.click('[data-test=in-menu]');
    await page.fill('input[name=menuPosition]', '1001');
    await page.click('[data-test=publish]');
    await hasText(fieldError(page, 'menuPosition'), 'must be at most 1000');
    await page.fill('input[name=menuPosition]', '1');
    await page.click('[data-test=publish]');
    await hasText(fieldError(page, 'slug'), 'has already been taken');
    await expectAccessible(page, 'the page editor with a field error', { themes: 'light' });
    await shot(page, 'static-page-editor-errors');
    await page.fill('input[name=slug]', 'write-to-us');
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

    // Deleting asks first, naming the page, with the focus on Cancel.
    await page.goto('/admin/pages');
    await row(imprint).locator('[data-test=delete-page]').click();
    const dialog = page.locator('[data-test=confirm-dialog]');
    await hasText(dialog, 'Delete the page “Imprint”?');
    await eventually(
      () =>
        page.evaluate<boolean>(
          'document.activeElement?.getAttribute("data-test") === "confirm-cancel"',
        ),
      'the focus on Cancel',
    );
    await page.click('[data-test=confirm-ok]');
    await row(imprint).waitFor({ state: 'detached' });
    await hasText(row('contact'), 'Contact');
    const gone = await call('GET', `/pages/${imprint}`, undefined, editor.token);
    expect(gone.status).toBe(404);
  });
});
