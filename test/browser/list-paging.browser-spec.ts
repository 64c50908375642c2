import { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { createArticle, createUser, TestUser, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { eventually, hasText } from './support/page-actions';

// Article lists page by cursor: "Older articles" and "Newer articles" under the list, the count above it.
const site = useBrowserSite();

/** Ten a page (the lists' size): 23 make two full pages and a short one. */
const PAGE_SIZE = 10;

/** `count` articles by `author` under `tag`, oldest first, as the API stores them one after another. */
async function writeArticles(author: TestUser, tag: string, count: number): Promise<string[]> {
  const titles: string[] = [];
  for (let n = 1; n <= count; n += 1) {
    const article = await createArticle(author, { title: `${tag} part ${n}`, tagList: [tag] });
    titles.push(article.title);
  }
  return titles;
}

const older = (page: Page) => page.getByRole('button', { name: 'Older articles' });
const newer = (page: Page) => page.getByRole('button', { name: 'Newer articles' });

/** The titles page `number` lists, once it has loaded (its number shows and the spinner is gone). */
async function titlesOfPage(page: Page, number: number): Promise<string[]> {
  await hasText(page.locator('[data-test=page-number]'), `Page ${number}`);
  await eventually(
    async () =>
      (await page.locator('[data-test=loading]').count()) === 0 &&
      (await page.locator('[data-test=article-preview]').count()) > 0,
    `page ${number} of the list to load`,
  );
  return page.locator('[data-test=article-preview] h2').allTextContents();
}

/** Where the keyboard focus is: the data-test of the focused element. */
async function focused(page: Page): Promise<string | null> {
  return page.evaluate<string | null>('document.activeElement?.getAttribute("data-test") ?? null');
}

describe('paging through an article list', () => {
  it('walks Older to the end and Newer back to the start, each article once', async () => {
    const { page } = site;
    const author = await createUser('pager');
    const tag = uniqueName('paging');
    const written = await writeArticles(author, tag, 23);
    const newestFirst = [...written].reverse();

    await page.goto(`/?tag=${tag}`);
    const forward: string[][] = [await titlesOfPage(page, 1)];
    await hasText(page.locator('[data-test=article-count]'), '23 articles');
    expect(await newer(page).isDisabled()).toBe(true);

    // As a reader does: Older until there is no older page.
    while (!(await older(page).isDisabled())) {
      await older(page).click();
      forward.push(await titlesOfPage(page, forward.length + 1));
      // The focus goes to the top of the new page, not to a button that may now be disabled.
      await eventually(
        async () => (await focused(page)) === 'article-count',
        'the focus on the count line',
      );
      await hasText(page.locator('[data-test=article-count]'), '23 articles');
      if (forward.length === 2)
        await expectAccessible(page, "a list's second page", { themes: 'light' });
    }
    expect(forward.map((titles) => titles.length)).toEqual([PAGE_SIZE, PAGE_SIZE, 3]);
    expect(forward.flat()).toEqual(newestFirst);
    expect(new Set(forward.flat()).size).toBe(written.length);
    expect(await newer(page).isDisabled()).toBe(false);

    // And Newer back to the first page: the same pages in reverse.
    for (let number = forward.length - 1; number >= 1; number -= 1) {
      await newer(page).click();
      expect(await titlesOfPage(page, number)).toEqual(forward[number - 1]);
    }
    expect(await newer(page).isDisabled()).toBe(true);
    expect(await older(page).isDisabled()).toBe(false);
    // The count line never claims pages it cannot know: no "of N".
    expect(await page.locator('[data-test=article-pager]').textContent()).not.toMatch(/ of /);
  });

  it('starts over from the first page when the tab changes', async () => {
    const { page } = site;
    const author = await createUser('tabber');
    const tag = uniqueName('tabs');
    const written = await writeArticles(author, tag, PAGE_SIZE + 2);

    await page.goto(`/profile/${author.username}`);
    await titlesOfPage(page, 1);
    await older(page).click();
    expect(await titlesOfPage(page, 2)).toEqual([written[1], written[0]]);

    await page.click('[data-test=tab-favorites]');
    await page.locator('[data-test=empty]').waitFor();
    await expectAccessible(page, 'an empty list', { themes: 'light' });
    await page.getByRole('tab', { name: 'Articles', exact: true }).click();
    expect((await titlesOfPage(page, 1))[0]).toBe(written[written.length - 1]);
    expect(await newer(page).isDisabled()).toBe(true);
  });

  it('keeps the page a reader left: Back from an article, and a reload, come back to it', async () => {
    const { page } = site;
    const author = await createUser('returner');
    const tag = uniqueName('return');
    const written = await writeArticles(author, tag, PAGE_SIZE + 2);

    await page.goto(`/?tag=${tag}`);
    await titlesOfPage(page, 1);
    await older(page).click();
    const second = await titlesOfPage(page, 2);
    expect(second).toEqual([written[1], written[0]]);

    await page.locator('[data-test=article-preview] h2').first().click();
    await hasText(page.locator('[data-test=article-title]'), written[1]);
    await page.goBack();
    expect(await titlesOfPage(page, 2)).toEqual(second);
    await page.reload();
    expect(await titlesOfPage(page, 2)).toEqual(second);
    await newer(page).click();
    expect((await titlesOfPage(page, 1))[0]).toBe(written[written.length - 1]);

    // A new visit of the list (its tag clicked on an article) starts at its first page.
    await older(page).click();
    await titlesOfPage(page, 2);
    await page.locator('[data-test=article-preview] h2').first().click();
    // The tag is a link to the tag's own address, which a shared link previews as the tag's page.
    const chip = page.locator(`a[href="/tag/${tag}"]`).first();
    await chip.click();
    expect((await titlesOfPage(page, 1))[0]).toBe(written[written.length - 1]);
    expect(new URL(page.url()).pathname).toBe(`/tag/${tag}`);
  });

  it('reads a capped count as "at least", in the reader\'s language', async () => {
    const { page } = site;
    const author = await createUser('capped');
    const tag = uniqueName('capped');
    await writeArticles(author, tag, 3);
    // Ten thousand articles are too many to write for a test: the API's real answer, with the count
    // capped as the API caps it for a search or a favorites list.
    const articleLists = (url: URL) => url.pathname === '/api/articles';
    await page.route(articleLists, async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({
        response,
        json: { ...body, articlesCount: 10000, articlesCountIsExact: false },
      });
    });

    await page.goto(`/?tag=${tag}`);
    await page.locator('[data-test=article-preview]').first().waitFor();
    await hasText(page.locator('[data-test=article-count]'), '10,000+ articles');

    await page.click('[data-test=locale]');
    await page.click('.q-menu .q-item:has-text("RU")');
    // Russian groups digits with a no-break space.
    await hasText(page.locator('[data-test=article-count]'), '10\u00a0000+ статей');
    await page.unroute(articleLists);
    await page.reload();
    await hasText(page.locator('[data-test=article-count]'), '3 статьи');
  });
});
