import { readFile } from 'node:fs/promises';
import { expectAccessible } from './support/accessibility';
import { call, createUser, giveRole, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { expectFailureAnnounced, hasText, shot, signInAs } from './support/page-actions';

// Administration → Subscribers → Export CSV: the list as `npm run cli -- import-subscribers` reads it
// back. The API wants the session's token, which a plain link cannot send: the page fetches the file
// and hands it to the browser as a download.
const site = useBrowserSite();

const EXPORT = '**/api/admin/subscribers/export';

/** Subscribes `email` and confirms it with its mail's token: an active subscriber. */
async function subscribeActive(email: string): Promise<void> {
  expect((await call('POST', '/newsletter/subscribe', { email })).status).toBe(202);
  const link = await site.mail.linkTo(email, '/newsletter/confirm');
  const token = new URL(link).searchParams.get('token');
  expect((await call('POST', '/newsletter/confirm', { token })).status).toBe(200);
}

/** Today as the server names the file (UTC). */
const today = () => new Date().toISOString().slice(0, 10);

describe('newsletter export', () => {
  it('an administrator downloads the subscribers as CSV; a failure is said, the spinner meanwhile', async () => {
    const { page } = site;
    const active = `${uniqueName('exported')}@folio.test`;
    const pending = `${uniqueName('waiting')}@folio.test`;
    await subscribeActive(active);
    expect((await call('POST', '/newsletter/subscribe', { email: pending })).status).toBe(202);
    const admin = await createUser('admin');
    await giveRole(admin, 'administrator');
    await signInAs(page, admin);
    await page.goto('/admin/subscribers');
    const button = page.locator('[data-test=export-subscribers]');
    await hasText(button, 'Export CSV');
    await hasText(
      page.locator('[data-test=export-note]'),
      'npm run cli -- import-subscribers <file> reads the file back',
    );
    await page.locator(`[data-test=subscriber-row][data-email="${active}"]`).waitFor();
    await expectAccessible(page, 'admin: subscribers with Export CSV');
    await shot(page, 'admin-subscribers-export');

    const dayBefore = today();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    // Named by the server's Content-Disposition (the day may turn during the click).
    expect([dayBefore, today()].map((day) => `subscribers-${day}.csv`)).toContain(
      download.suggestedFilename(),
    );
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
    // After a byte order mark, by which Excel reads the file as UTF-8.
    expect(lines[0]).toBe('\uFEFFemail,status,created_at,confirmed_at,unsubscribed_at,bounced_at');
    const row = (email: string) => lines.find((line) => line.startsWith(`${email},`))?.split(',');
    const time = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(row(active)).toEqual([active, 'active', time, time, '', '']);
    expect(row(pending)).toEqual([pending, 'pending', time, '', '', '']);

    // The API failing: the button spins while it waits, then the reason is announced.
    await expectFailureAnnounced(page, EXPORT, button);

    // In Russian too.
    await page.context().addInitScript("localStorage.setItem('folio.locale', 'ru')");
    await page.reload();
    await hasText(button, 'Экспорт в CSV');
    await hasText(page.locator('[data-test=export-note]'), 'загружает файл обратно');
  });
});
