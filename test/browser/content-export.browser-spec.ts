import { readFile } from 'node:fs/promises';
import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, giveRole, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import {
  expectFailureAnnounced,
  hasAttribute,
  hasText,
  shot,
  signInAs,
} from './support/page-actions';

// Administration → Export content → Download export: the blog as a Ghost export, which Ghost's Labs →
// Import and `npm run cli -- import-ghost` read. As the subscribers' CSV, the page fetches the file
// with the session's token and hands it to the browser as a download.
const site = useBrowserSite();

const EXPORT = '**/api/admin/export';

interface GhostExport {
  db: { meta: { version: string }; data: { posts: { slug: string; type: string }[] } }[];
}

/** When the server names the file: `<host>.ghost.<yyyy-mm-dd-hh-mm-ss>.json`, in UTC. */
function exportedAt(filename: string): number {
  const stamp = /^127\.0\.0\.1\.ghost\.(\d{4}-\d\d-\d\d)-(\d\d)-(\d\d)-(\d\d)\.json$/.exec(
    filename,
  );
  if (!stamp) throw new Error(`${filename} is not named as Ghost names an export`);
  return Date.parse(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}Z`);
}

describe('content export', () => {
  it('an administrator downloads the blog as a Ghost export from the Administration menu', async () => {
    const { page } = site;
    const writer = await createUser('writer');
    const article = await createArticle(writer, { title: `Exported ${uniqueName('story')}` });
    const admin = await createUser('admin');
    await giveRole(admin, 'administrator');
    await signInAs(page, admin);
    await page.goto('/');
    await page.click('[data-test=nav-admin]');
    await page.click('[data-test=nav-admin-export]');
    await page.waitForURL('**/admin/export');
    await hasText(page.locator('h1'), 'Export content');
    await hasText(page.locator('[data-test=export-holds]'), 'npm run cli -- import-ghost <file>');
    const leftOut = page.locator('[data-test=export-leaves-out]');
    await hasText(leftOut, 'comments');
    await hasText(leftOut, 'newsletter subscribers: the Subscribers page exports them as CSV');
    await hasText(leftOut, 'uploaded images and files');
    await hasAttribute(page.locator('[data-test=subscribers-link]'), 'href', '/admin/subscribers');
    const button = page.getByRole('button', { name: 'Download export' });
    await expectAccessible(page, 'admin: export content');
    await shot(page, 'admin-export');

    const before = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    // Named by the server's Content-Disposition, at the second the export was made.
    const made = exportedAt(download.suggestedFilename());
    expect(made).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(made).toBeLessThanOrEqual(Date.now());
    const file = JSON.parse(await readFile(await download.path(), 'utf8')) as GhostExport;
    expect(file.db[0]?.meta.version).toBe('5.0.0');
    expect(file.db[0]?.data.posts).toContainEqual(
      expect.objectContaining({ slug: article.slug, type: 'post' }),
    );

    // The API failing: the button spins while it waits, then the reason is announced.
    await expectFailureAnnounced(page, EXPORT, button);

    // In Russian too.
    await page.context().addInitScript("localStorage.setItem('folio.locale', 'ru')");
    await page.reload();
    await hasText(page.locator('h1'), 'Экспорт содержимого');
    await page.getByRole('button', { name: 'Скачать экспорт' }).waitFor();

    // The Subscribers link leads to the page with the subscribers' own export.
    await page.click('[data-test=subscribers-link]');
    await page.waitForURL('**/admin/subscribers');
    await page.locator('[data-test=export-subscribers]').waitFor();
  });

  it.each([
    ['an editor', 'editor' as const],
    ['a reader', null],
  ])('%s has no Export content in the menu, and its address is not found', async (_, role) => {
    const { page } = site;
    const user = await createUser(role ?? 'reader');
    if (role) await giveRole(user, role);
    await signInAs(page, user);
    await page.goto('/');
    await page.locator('[data-test=nav-user]').waitFor();
    if (role) {
      // An editor's menu has the editorial pages, not the administrators'.
      await page.click('[data-test=nav-admin]');
      await page.locator('[data-test=nav-admin-pages]').waitFor();
      expect(await page.locator('[data-test=nav-admin-export]').count()).toBe(0);
    } else {
      expect(await page.locator('[data-test=nav-admin]').count()).toBe(0);
    }

    await page.goto('/admin/export');
    await hasText(page.locator('[data-test=not-found] h1'), 'Nothing here');
    expect(await page.locator('[data-test=export-content]').count()).toBe(0);
    // At the address asked for, as the other admin pages are to them.
    expect(new URL(page.url()).pathname).toBe('/admin/export');
    await expectAccessible(page, `admin: export content, to ${role ?? 'a reader'}`, {
      themes: 'light',
    });
    // The API refuses them the file too.
    expect((await call('GET', '/admin/export', undefined, user.token)).status).toBe(403);
  });
});
