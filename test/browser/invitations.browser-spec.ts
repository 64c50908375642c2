import { expectAccessible } from './support/accessibility';
import { call, login, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL, SUPERUSER } from './support/folio-process';
import { eventually, hasText, openMailedLink, signInThroughForm } from './support/page-actions';

// A team's blog: SIGNUPS=invitation. Nobody signs up; the administrator invites a writer from the Users
// page, and the writer chooses a password from the real mail.
const site = useBrowserSite({ folioEnv: () => ({ SIGNUPS: 'invitation' }) });

describe('sign-ups by invitation', () => {
  it('offers no sign-up, and an invited author chooses a password from the mail and publishes', async () => {
    const { page } = site;
    await page.goto('/');
    await page.locator('[data-test=nav-signin]').waitFor();
    expect(await page.locator('[data-test=nav-signup]').count()).toBe(0);
    await page.goto('/register');
    await hasText(page.locator('[data-test=signups-closed]'), 'by invitation');
    expect(await page.locator('[data-test=register-form]').count()).toBe(0);

    await signInThroughForm(page, SUPERUSER.email, SUPERUSER.password);
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto('/admin/users');
    const username = uniqueName('wendy');
    const email = `${username}@folio.test`;
    // By keyboard: the open form takes the focus on its first field, and gives it back to its button.
    const focused = () =>
      page.evaluate<string>(
        'document.activeElement?.getAttribute("name") ?? document.activeElement?.dataset.test ?? ""',
      );
    await page.focus('[data-test=invite-open]');
    await page.keyboard.press('Enter');
    await eventually(async () => (await focused()) === 'invite-email', 'the focus on the email');
    await page.keyboard.type(email);
    await page.keyboard.press('Enter');
    await page.locator('.q-notification', { hasText: `Invitation sent to ${email}` }).waitFor();
    await eventually(async () => (await focused()) === 'invite-open', 'the focus back on Invite');
    await page.locator(`[data-test=no-password-${username}]`).waitFor();
    await expectAccessible(page, 'the users page with the invitation form', { themes: 'light' });

    // The invited person, in a browser of their own, opens the mailed link.
    const theirs = await site.browser.newContext({ baseURL: BASE_URL, locale: 'en-US' });
    try {
      const invitee = await theirs.newPage();
      const problems: string[] = [];
      invitee.on('pageerror', (error) => problems.push(error.message));
      invitee.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      await openMailedLink(invitee, site.mail, email, '/reset-password');
      await eventually(
        async () => (await invitee.title()).startsWith('Welcome: choose your password'),
        "the tab's title",
      );
      await hasText(invitee.locator('h1'), 'Welcome: choose your password');
      await invitee.fill('input[name=password]', 'wendys-chosen-password');
      await invitee.fill('input[name=confirm]', 'wendys-chosen-password');
      await invitee.click('[data-test=submit]');
      await invitee.waitForURL('**/login');
      await signInThroughForm(invitee, email, 'wendys-chosen-password');
      await hasText(invitee.locator('[data-test=nav-user]'), username);
      // An author: the editor offers Publish.
      await invitee.goto('/editor');
      await invitee.locator('[data-test=publish]').waitFor();
      expect(problems).toEqual([]);

      // The link again (a second click in the mail): it says what happened and what to do.
      await openMailedLink(invitee, site.mail, email, '/reset-password');
      await invitee.fill('input[name=password]', 'another-password-1');
      await invitee.fill('input[name=confirm]', 'another-password-1');
      await invitee.click('[data-test=submit]');
      await hasText(invitee.locator('[data-test=form-errors]'), 'This invitation was used already');
    } finally {
      await theirs.close();
    }
    const signedIn = await login(email, 'wendys-chosen-password');
    expect(signedIn.status).toBe(200);
    expect((await call('GET', '/user', undefined, signedIn.body.user.token)).body).toMatchObject({
      user: { role: 'author', isVerified: true },
    });
  });
});
