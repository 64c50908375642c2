import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { eventually, hasText, signInAs } from './support/page-actions';

/** `at` as a datetime-local field holds it: the browser's local time, to the second. */
function localInput(at: Date): string {
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 19);
}

// An author's editor: autosave, the unsaved-changes guard, side-by-side preview and scheduling.
const site = useBrowserSite();

describe('the editor', () => {
  it('autosaves a draft with only a title, warns before leaving unsaved work, and schedules it', async () => {
    const { page } = site;
    const author = await createUser('scheduler');
    await signInAs(page, author);

    await page.goto('/editor');
    const title = `Scheduled ${author.username}`;
    await page.fill('input[name=title]', title);
    // Saved by itself, as a draft, within a few seconds; the address becomes the draft's.
    await hasText(page.locator('[data-test=autosave-status]'), 'Saved at');
    await page.waitForURL(/\/editor\/scheduled-/);
    const slug = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const draft = await call<{ article: { status: string; body: string } }>(
      'GET',
      `/articles/${slug}`,
      undefined,
      author.token,
    );
    expect(draft.body.article).toMatchObject({ status: 'draft', body: '' });

    // Side by side: the text and its preview at once.
    await page.click('[data-test=split-tab]');
    await page.fill('textarea[name=body]', 'Written **ahead** of time');
    await hasText(page.locator('[data-test=preview] strong'), 'ahead');
    expect(await page.locator('textarea[name=body]').isVisible()).toBe(true);
    await expectAccessible(page, 'the editor, text and preview side by side', { themes: 'light' });

    // Schedule it a few seconds ahead.
    await page.fill('input[name=description]', 'Planned words');
    const publishAt = new Date(Date.now() + 6000);
    await page.fill('input[name=publishAt]', localInput(publishAt));
    await page.click('[data-test=schedule]');
    await page.locator('[data-test=scheduled-badge]').waitFor();
    await hasText(page.locator('[data-test=article-title]'), title);

    // Readers do not see it yet; the author's drafts page lists it under Scheduled.
    const early = await call('GET', `/articles/${slug}`);
    expect(early.status).toBe(404);
    await page.goto('/drafts');
    await page.click('[data-test=tab-scheduled]');
    await page.locator(`[data-test=article-preview]:has-text("${title}")`).waitFor();
    await expectAccessible(page, 'the scheduled drafts', { themes: 'light' });

    // At its time it appears by itself, for a reader without an account.
    const reader = await site.browser.newContext({ baseURL: new URL(page.url()).origin });
    const readerPage = await reader.newPage();
    await eventually(
      async () => (await call('GET', `/articles/${slug}`)).status === 200,
      'the scheduled article to be published',
      20000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(publishAt.getTime() - 1000);
    await readerPage.goto(`/article/${slug}`);
    await hasText(readerPage.locator('[data-test=article-title]'), title);
    await hasText(readerPage.locator('[data-test=article-description]'), 'Planned words');
    expect(await readerPage.locator('[data-test=scheduled-badge]').count()).toBe(0);
    await reader.close();
  });

  it('asks before leaving a published article with unsaved changes (no autosave goes live)', async () => {
    const { page } = site;
    const author = await createUser('guard');
    const article = await createArticle(author, { title: `Live ${author.username}` });
    await signInAs(page, author);
    await page.goto(`/editor/${article.slug}`);
    await page.fill('input[name=title]', `Changed ${author.username}`);
    const asked: string[] = [];
    page.once('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.dismiss();
    });
    await page.click('a[href="/"]');
    await eventually(() => Promise.resolve(asked.length === 1), 'the leave dialog');
    expect(asked[0]).toContain('unsaved changes');
    expect(new URL(page.url()).pathname).toBe(`/editor/${article.slug}`);
    // Nothing was saved behind the author's back: the published article keeps its title.
    const stored = await call<{ article: { title: string } }>('GET', `/articles/${article.slug}`);
    expect(stored.body.article.title).toBe(`Live ${author.username}`);
  });

  it('backdates a published article from its Published on field', async () => {
    const { page } = site;
    const author = await createUser('backdate');
    const article = await createArticle(author, { title: `Moved ${author.username}` });
    await signInAs(page, author);
    await page.goto(`/editor/${article.slug}`);
    const field = page.locator('input[name=publishedAt]');
    // It shows the article's date, in the reader's time zone, to the second.
    const shown = await page.evaluate((iso) => {
      const date = new Date(iso);
      return new Date(date.getTime() - date.getTimezoneOffset() * 60_000)
        .toISOString()
        .slice(0, 19);
    }, article.publishedAt);
    await eventually(async () => (await field.inputValue()) === shown, 'the article date');
    await field.fill('2019-03-04T05:06:07');
    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=article-title]'), article.title);
    await hasText(page.locator('[data-test=article-date]'), '2019');
    const stored = await call<{ article: { publishedAt: string } }>(
      'GET',
      `/articles/${article.slug}`,
    );
    expect(stored.body.article.publishedAt).toBe(
      await page.evaluate(() => new Date('2019-03-04T05:06:07').toISOString()),
    );
  });

  it('follows the title with the address while autosaving, then keeps the one the author chooses', async () => {
    const { page } = site;
    const author = await createUser('addresser');
    await signInAs(page, author);
    const name = author.username.toLowerCase();

    await page.goto('/editor');
    // Each hint is said with its field (aria-describedby), as its error would be.
    const said = (selector: string) =>
      page.locator(selector).evaluate((field) =>
        (field.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent?.trim())
          .join(' | '),
      );
    expect(await said('input[name=slug]')).toBe('Empty: made from the title');
    expect(await said('textarea[name=body]')).toBe(
      'Paste or drop images into the text, or add them with the button above.',
    );
    expect(await said('input[name=publishAt]')).toBe(
      'Schedule: the article appears by itself at this time',
    );
    expect(await said('.q-select:has-text("Tags") input')).toBe('Press Enter after each tag');
    await page.fill('input[name=title]', `First ${author.username}`);
    await page.waitForURL(new RegExp(`/editor/first-${name}$`));
    expect(await page.inputValue('input[name=slug]')).toBe(`first-${name}`);
    // The autosave that gave the page its address left the author typing where they were.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');
    // A new title, autosaved: the address follows it (the field sent back is no choice).
    await page.fill('input[name=title]', `Second ${author.username}`);
    await page.waitForURL(new RegExp(`/editor/second-${name}$`));
    expect(await page.inputValue('input[name=slug]')).toBe(`second-${name}`);

    // An address being typed is never autosaved, whatever else autosave saves meanwhile.
    await page.fill('input[name=slug]', `My Own ${author.username}`);
    await page.fill('input[name=description]', 'Where it lives');
    await page.fill('textarea[name=body]', 'At an address of its own');
    await page.locator('[data-test=autosave-status]', { hasText: 'Saved at' }).waitFor();
    await eventually(async () => {
      const stored = await call<{ article: { description: string; slug: string } }>(
        'GET',
        `/articles/second-${name}`,
        undefined,
        author.token,
      );
      return stored.body.article.description === 'Where it lives';
    }, 'the autosaved description');
    expect(new URL(page.url()).pathname).toBe(`/editor/second-${name}`);
    expect(await page.inputValue('input[name=slug]')).toBe(`My Own ${author.username}`);
    await page.click('[data-test=publish]');
    await page.waitForURL(new RegExp(`/article/my-own-${name}$`));
    await hasText(page.locator('[data-test=article-title]'), `Second ${author.username}`);

    // Taken: the field says so and nothing moves.
    const other = await createArticle(author, { title: `Other ${author.username}` });
    await page.goto(`/editor/${other.slug}`);
    await page.fill('input[name=slug]', `my-own-${name}`);
    await page.click('[data-test=publish]');
    await hasText(page.locator('.q-field--error'), 'has already been taken');
    const stored = await call<{ article: { slug: string } }>('GET', `/articles/${other.slug}`);
    expect(stored.body.article.slug).toBe(other.slug);

    // A draft's autosave, which never sends the address, leaves the save by hand's error standing.
    const draft = await createArticle(author, {
      title: `Draft ${author.username}`,
      status: 'draft',
    });
    await page.goto(`/editor/${draft.slug}`);
    await page.fill('input[name=slug]', `my-own-${name}`);
    await page.click('[data-test=save-draft]');
    await hasText(page.locator('.q-field--error'), 'has already been taken');
    await page.fill('textarea[name=body]', 'Still writing');
    await page.locator('[data-test=autosave-status]', { hasText: 'Saved at' }).waitFor();
    await hasText(page.locator('.q-field--error'), 'has already been taken');
  });
});
