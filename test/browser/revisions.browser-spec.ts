import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { eventually, hasText, signInAs } from './support/page-actions';

// An author rewrites a draft, regrets it, and takes the old text back from the editor's history.
const site = useBrowserSite();

describe('revision history', () => {
  it('an author opens an earlier version from the editor and restores it; the rewrite stays in the history', async () => {
    const { page } = site;
    const author = await createUser('reviser');
    const title = uniqueName('Second thoughts ');
    const draft = await createArticle(author, {
      title,
      description: 'Written twice',
      body: 'The **original** paragraph.',
      status: 'draft',
    });
    await signInAs(page, author);
    await page.goto(`/editor/${draft.slug}`);
    const history = page.locator('[data-test=revision-history]');
    await hasText(history, 'No earlier versions yet');

    await page.fill('textarea[name=body]', 'A rewrite nobody asked for.');
    await page.click('[data-test=save-draft]');
    await page.locator('.q-notification', { hasText: 'Draft saved' }).waitFor();
    const versions = history.locator('[data-test=revision]');
    await eventually(async () => (await versions.count()) === 2, 'two versions listed');
    await hasText(versions.first(), 'current');
    await hasText(versions.nth(1), `by ${author.username}`);

    // The older one, opened: its text as it was, rendered.
    await versions.nth(1).locator('[data-test=revision-view]').click();
    const dialog = page.locator('[data-test=revision-dialog]');
    await hasText(dialog.locator('[data-test=revision-body] strong'), 'original');
    await hasText(dialog.locator('[data-test=revision-title]'), title);
    await expectAccessible(page, 'a version opened from the history', { themes: 'light' });

    await dialog.locator('[data-test=revision-restore]').click();
    await page.locator('[data-test=confirm-ok]', { hasText: 'Restore this version' }).click();
    await page.locator('.q-notification', { hasText: 'Version restored.' }).waitFor();
    await eventually(
      async () =>
        (await page.locator('textarea[name=body]').inputValue()) === 'The **original** paragraph.',
      'the form to show the restored text',
    );
    await eventually(async () => (await versions.count()) === 3, 'the restore listed too');

    // The API has it, and the rewrite is still there to go back to.
    const saved = await call<{ article: { body: string } }>(
      'GET',
      `/articles/${draft.slug}`,
      undefined,
      author.token,
    );
    expect(saved.body.article.body).toBe('The **original** paragraph.');
    await versions.nth(1).locator('[data-test=revision-view]').click();
    await hasText(dialog.locator('[data-test=revision-body]'), 'A rewrite nobody asked for.');
    // Nothing unsaved: leaving asks nothing.
    await page.keyboard.press('Escape');
    await page.locator('[data-test=view-article]').click();
    await page.waitForURL(`**/article/${draft.slug}`);
  });
});
