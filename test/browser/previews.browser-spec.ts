import { BrowserContext, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL } from './support/folio-process';
import { eventually, hasText, signInAs } from './support/page-actions';

// An author shares a draft with someone who has no account, as Ghost's preview links: the editor makes
// the link, the reader opens it in a browser of their own, the author stops sharing.
const site = useBrowserSite();

/** A browser of someone with no account on the blog, and the errors its pages log. */
async function readersBrowser(): Promise<{
  context: BrowserContext;
  page: Page;
  problems: string[];
}> {
  const context = await site.browser.newContext({ baseURL: BASE_URL, locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // The stopped link's 404, which the page turns into its own message.
    if (message.type() === 'error' && !message.text().includes('404')) {
      problems.push(message.text());
    }
  });
  return { context, page, problems };
}

describe('preview links', () => {
  it('an author shares a draft; a reader without an account reads it; stopping ends the link', async () => {
    const { page } = site;
    const author = await createUser('previewer');
    const title = uniqueName('Unpublished thoughts ');
    const draft = await createArticle(author, {
      title,
      description: 'Before it is out',
      body: 'Only **reviewers** see this.',
      status: 'draft',
    });
    await signInAs(page, author);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: BASE_URL,
    });
    await page.goto(`/editor/${draft.slug}`);
    await hasText(page.locator('[data-test=preview-link]'), 'anyone with the link can read it');
    await page.click('[data-test=preview-share]');
    const urlField = page.locator('input[data-test=preview-url]');
    await urlField.waitFor();
    const link = await urlField.inputValue();
    expect(link).toMatch(new RegExp(`^${BASE_URL}/preview\\?key=[A-Za-z0-9_-]{43}$`));
    await page.click('[data-test=preview-copy]');
    await page.locator('.q-notification', { hasText: 'Link copied.' }).waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(link);
    await expectAccessible(page, 'the editor with a preview link', { themes: 'light' });

    const reader = await readersBrowser();
    try {
      await reader.page.goto(link);
      await reader.page.locator('[data-test=preview-note]').waitFor();
      await hasText(reader.page.locator('[data-test=article-title]'), title);
      await hasText(reader.page.locator('[data-test=article-body] strong'), 'reviewers');
      await reader.page.locator('[data-test=draft-badge]').waitFor();
      await eventually(
        async () => (await reader.page.title()).startsWith(`Preview: ${title}`),
        "the tab's title",
      );
      await expectAccessible(reader.page, 'a preview, to a reader without an account');

      // The author stops sharing: the reader's next visit says the link does not work.
      await page.click('[data-test=preview-stop]');
      await page.locator('[data-test=confirm-ok]', { hasText: 'Stop sharing' }).click();
      await page.locator('.q-notification', { hasText: 'Not shared any more' }).waitFor();
      await page.locator('[data-test=preview-share]').waitFor();
      await reader.page.reload();
      await hasText(reader.page.locator('[data-test=preview-gone]'), 'Ask them for a new link');
      expect(await reader.page.locator('[data-test=article-body]').count()).toBe(0);

      // Shared again, then published: the new link opens the article's own address.
      await page.click('[data-test=preview-share]');
      await urlField.waitFor();
      const newLink = await urlField.inputValue();
      expect(newLink).not.toBe(link);
      const published = await call(
        'PUT',
        `/articles/${draft.slug}`,
        { article: { status: 'published' } },
        author.token,
      );
      expect(published.status).toBe(200);
      await reader.page.goto(newLink);
      await reader.page.waitForURL(`**/article/${draft.slug}`);
      await hasText(reader.page.locator('[data-test=article-title]'), title);
      expect(await reader.page.locator('[data-test=preview-note]').count()).toBe(0);
      expect(reader.problems).toEqual([]);
    } finally {
      await reader.context.close();
    }
  });
});
