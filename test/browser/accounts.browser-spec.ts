import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, login, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { SUPERUSER } from './support/folio-process';
import {
  eventually,
  fieldError,
  hasAttribute,
  hasText,
  openMailedLink,
  registerThroughForm,
  shot,
  signInAs,
  signInThroughForm,
} from './support/page-actions';

// Accounts from the user's side (verification, password reset, sign-out, form errors) and the
// administrator's pages (users and their roles, categories).
const site = useBrowserSite();

describe('accounts', () => {
  it('tells a new user their email is not verified, without asking the admin API', async () => {
    const { page } = site;
    const { username, email } = await registerThroughForm(page, 'newbie');

    // A fresh page load as that user: the session comes back from GET /api/user alone.
    await page.waitForLoadState('networkidle');
    site.apiRequests.length = 0;
    await page.reload({ waitUntil: 'networkidle' });
    await hasText(page.locator('[data-test=nav-user]'), username);
    expect(site.apiRequests).toContain('GET /api/user');
    expect(site.apiRequests.filter((r) => r.includes('/api/admin'))).toEqual([]);
    expect(site.consoleErrors).toEqual([]);
    expect(await page.locator('[data-test=nav-admin]').count()).toBe(0);
    await hasText(page.locator('[data-test=unverified-banner]'), 'not verified');
    await expectAccessible(page, 'the home page with the unverified banner', { themes: 'light' });
    await shot(page, 'unverified-banner');

    await openMailedLink(page, site.mail, email, '/verify(?:-email)?');
    await page.locator('[data-test=verified]').waitFor();
    expect(await page.locator('[data-test=unverified-banner]').count()).toBe(0);
    await page.goto('/', { waitUntil: 'networkidle' });
    await page.locator('[data-test=nav-user]').waitFor();
    expect(await page.locator('[data-test=unverified-banner]').count()).toBe(0);
  });

  it('resets a forgotten password from the mailed link', async () => {
    const { page } = site;
    const user = await createUser('forgetful');
    await page.goto('/login');
    await page.click('[data-test=forgot-link]');
    // The login form has an email field too: wait for the forgot-password form before typing.
    await page.locator('[data-test=forgot-form]').waitFor();
    await page.fill('[data-test=forgot-form] input[name=email]', user.email);
    await page.click('[data-test=submit]');
    await page.locator('[data-test=forgot-sent]').waitFor();
    await expectAccessible(page, 'forgot password, sent', { themes: 'light' });

    await openMailedLink(page, site.mail, user.email, '/reset-password');
    await page.locator('input[name=confirm]').waitFor();
    await expectAccessible(page, 'reset password', { themes: 'light' });
    // Enter in the new password, the repeat still empty: said on the repeat, which takes the focus
    // (the button was disabled, and Enter did nothing at all).
    await page.fill('input[name=password]', 'a-brand-new-password');
    await page.press('input[name=password]', 'Enter');
    await hasText(fieldError(page, 'confirm'), 'The passwords differ');
    await eventually(
      async () => (await page.evaluate<string>('document.activeElement?.name ?? ""')) === 'confirm',
      'the focus on the repeat',
    );
    await expectAccessible(page, 'reset password, the repeat missing');
    await page.keyboard.type('a-brand-new-password');
    await eventually(
      async () => (await fieldError(page, 'confirm').count()) === 0,
      'the repeat agreeing',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL('**/login');

    await signInThroughForm(page, user.email, 'a-brand-new-password');
    await hasText(page.locator('[data-test=nav-user]'), user.username);
    expect((await login(user.email, user.password)).status).toBe(401);
    // The reset revoked the token the user had before.
    expect((await call('GET', '/user', undefined, user.token)).status).toBe(401);
  });

  it('signs out by revoking the token', async () => {
    const { page } = site;
    const user = await createUser('leaver');
    await signInAs(page, user);
    await page.goto('/settings');
    // The form filled in from the account: the page as a person would use it.
    await eventually(
      async () => (await page.inputValue('input[name=email]')) === user.email,
      'the form filled in',
    );
    await expectAccessible(page, 'settings');
    // Username and email may not be emptied; an empty new password keeps the old one.
    expect(await page.getAttribute('input[name=email]', 'aria-required')).toBe('true');
    expect(await page.getAttribute('input[name=password]', 'aria-required')).toBeNull();
    await page.click('[data-test=signout]');
    await page.locator('[data-test=nav-signin]').waitFor();
    expect((await call('GET', '/user', undefined, user.token)).status).toBe(401);
  });

  it('shows validation errors from the API next to their fields', async () => {
    const { page } = site;
    const taken = await createUser('taken');
    await page.goto('/register');
    // Each field is required, said to a screen reader and shown by an asterisk the form explains.
    for (const name of ['username', 'email', 'password']) {
      expect(await page.getAttribute(`input[name=${name}]`, 'aria-required')).toBe('true');
      await hasText(page.locator(`label:has(input[name=${name}])`), '*');
    }
    await hasText(page.locator('[data-test=required-note]'), 'marked * are required');
    await page.fill('input[name=username]', taken.username);
    await page.fill('input[name=email]', `new-${taken.email}`);
    await page.fill('input[name=password]', 'password-1234');
    await page.click('[data-test=submit]');
    await hasText(fieldError(page, 'username'), 'taken');
    await expectAccessible(page, 'sign-up with a field error', { themes: 'light' });
    expect(await fieldError(page, 'email').count()).toBe(0);

    await page.fill('input[name=username]', uniqueName('fresh'));
    await page.fill('input[name=password]', 'short');
    await page.click('[data-test=submit]');
    await hasText(fieldError(page, 'password'), 'is too short (minimum is 8 characters)');

    await signInThroughForm(page, taken.email, 'wrong-password-1');
    await hasText(page.locator('[data-test=form-errors]'), 'The email or password is not right.');
    // No field is to blame: the focus goes to the message, not left on the button.
    await eventually(
      () =>
        page.evaluate<boolean>(
          "document.activeElement?.getAttribute('data-test') === 'form-errors'",
        ),
      "the focus on the sign-in form's message",
    );
    await expectAccessible(page, 'sign-in with an error', { themes: 'light' });
    expect(page.url()).toContain('/login');

    await signInAs(page, taken);
    await page.goto('/editor');
    await page.click('[data-test=publish]');
    await fieldError(page, 'title').waitFor();
    await expectAccessible(page, 'the editor with a field error', { themes: 'light' });
  });
});

describe('administration', () => {
  it('lets a superuser deactivate a user, who then cannot sign in and whose articles are withheld', async () => {
    const { page } = site;
    const victim = await createUser('victim');
    const article = await createArticle(victim, { title: `Spam ${uniqueName('offer')}` });
    await signInThroughForm(page, SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.goto('/admin/users');
    await hasText(page.locator('[data-test=users-note]'), 'withheld');
    // The list filtered to the victim first: a toggle clicked in the unfiltered list could be redrawn,
    // unchanged, by the filtered list's answer still on its way.
    await Promise.all([
      page.waitForResponse(
        (response) =>
          response.url().includes('/api/admin/users?') &&
          response.url().includes(`username=${victim.username}`),
      ),
      page.fill('input[name=username]', victim.username),
    ]);
    const toggle = page.locator(`[data-test="active-${victim.username}"]`);
    await hasAttribute(toggle, 'aria-checked', 'true');
    await toggle.click();
    await hasAttribute(toggle, 'aria-checked', 'false');
    await expectAccessible(page, 'admin: users');
    await shot(page, 'admin-users');

    expect((await call('GET', '/user', undefined, victim.token)).status).toBe(401);
    expect((await login(victim.email, victim.password)).status).not.toBe(200);
    // Readers no longer find the article; the administrator sees it, marked withheld.
    expect((await call('GET', `/articles/${article.slug}`)).status).toBe(404);
    await page.goto(`/article/${article.slug}`);
    await hasText(page.locator('[data-test=withheld-badge]'), 'author is deactivated');
    await hasText(page.locator('[data-test=article-title]'), article.title);
    // The moderation page lists the withheld articles.
    await page.goto('/admin/moderation');
    await page.locator('label', { hasText: 'Status' }).click();
    await page.locator('.q-menu .q-item', { hasText: 'Withheld' }).click();
    await hasText(page.locator('[data-test=moderation-list]'), article.title);
    await expectAccessible(page, 'admin: moderation');
  });

  it('sets a role from the users page; a contributor then writes without Publish', async () => {
    const { page } = site;
    const writer = await createUser('writer');
    // Published while a reader (ARTICLE_WRITERS=open): a contributor may no longer change it.
    const published = await createArticle(writer, { title: `Before ${uniqueName('role')}` });
    await signInThroughForm(page, SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.goto('/admin/users');
    await page.fill('input[name=username]', writer.username);
    const select = page.locator(`[data-test="role-${writer.username}"]`);
    await hasText(select, 'Reader');
    await select.click();
    await page.locator('.q-menu .q-item', { hasText: 'Contributor' }).click();
    await hasText(select, 'Contributor');
    const me = await call<{ user: { role: string | null } }>(
      'GET',
      '/user',
      undefined,
      writer.token,
    );
    expect(me.body.user.role).toBe('contributor');

    await signInAs(page, writer);
    await page.goto('/editor');
    await page.locator('[data-test=contributor-note]').waitFor();
    await page.locator('[data-test=save-draft]').waitFor();
    expect(await page.locator('[data-test=publish]').count()).toBe(0);
    expect(await page.locator('[data-test=nav-admin]').count()).toBe(0);
    // No Edit or Delete on their published article: the API would refuse both (only an editor may).
    await page.goto(`/article/${published.slug}`);
    await page.locator('[data-test=article-title]').waitFor();
    expect(await page.locator('[data-test=edit-article]').count()).toBe(0);
    expect(await page.locator('[data-test=delete-article]').count()).toBe(0);
    // Its editor, opened from an old link, says so instead of offering saves the API refuses.
    await page.goto(`/editor/${published.slug}`);
    await page.locator('[data-test=read-only-note]').waitFor();
    expect(await page.locator('[data-test=unpublish]').count()).toBe(0);
  });

  it('manages categories and shows them on the home page and on articles', async () => {
    const { page } = site;
    await signInThroughForm(page, SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.goto('/admin/categories');
    const name = uniqueName('Field Notes ');
    await page.fill('input[name=name]', name);
    await page.fill('input[name=description]', 'Papers and experiments');
    await page.click('[data-test=save-category]');
    await page.locator(`[data-test=category-list] :text("${name}")`).waitFor();
    await expectAccessible(page, 'admin: categories');
    await page.goto('/');
    await page.locator(`[data-test=categories] :text("${name}")`).waitFor();

    // An article's chip names its category as the administrator wrote it, not by its slug.
    const categories = await call<{ categories: { slug: string; name: string }[] }>(
      'GET',
      '/categories',
    );
    const slug = categories.body.categories.find((category) => category.name === name)?.slug;
    expect(slug).not.toBe(name);
    const article = await createArticle(await createUser('filed'), {
      title: uniqueName('Filed under'),
      category: slug,
    });
    await page.goto(`/article/${article.slug}`);
    await hasText(page.locator('[data-test=category-chip]'), name);
  });

  it('shows a superuser the admin links from their own record', async () => {
    const { page } = site;
    await signInThroughForm(page, SUPERUSER.email, SUPERUSER.password);
    await page.locator('[data-test=nav-admin]').waitFor();
    await page.reload();
    await page.locator('[data-test=nav-admin]').waitFor();
    expect(await page.locator('[data-test=unverified-banner]').count()).toBe(0);
    // A disclosure button: it says whether its list of links is open and which element that is.
    const adminButton = page.locator('[data-test=nav-admin]');
    expect(await adminButton.getAttribute('aria-expanded')).toBe('false');
    const menuId = await adminButton.getAttribute('aria-controls');
    expect(menuId).toBeTruthy();
    await adminButton.click();
    await page.locator(`[id="${menuId}"] [data-test=nav-admin-users]`).waitFor();
    await hasAttribute(adminButton, 'aria-expanded', 'true');
    // Not role=menu, whose arrow-key pattern the list of links does not follow.
    expect(await page.locator('[role=menu], [role=menuitem]').count()).toBe(0);
    await expectAccessible(page, "the header's admin menu, open");
  });

  it('keeps non-superusers out of the admin pages', async () => {
    const { page } = site;
    await signInAs(page, await createUser('plain'));
    await page.goto('/admin/users?active=false');
    await page.locator('text=Nothing here').waitFor();
    // At the address asked for: a reload or a shared link shows the same page, not the home page.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(
      '/admin/users?active=false',
    );
  });
});
