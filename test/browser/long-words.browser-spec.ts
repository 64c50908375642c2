import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { call, createArticle, login, TestUser, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL, SUPERUSER } from './support/folio-process';
import { eventually, hasText, signInAs } from './support/page-actions';

// The longest names the API takes (64 characters, one unbroken word: a tag, a username) and a body
// with a long code line, a wide table and a long address, on a phone and on a desktop, with and
// without JavaScript: the page never scrolls sideways, and the whole name can still be read.
const site = useBrowserSite();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** A 64-character word of `letter` (wide ones: W, w), unique in this run. */
function longWord(letter: string): string {
  const id = uniqueName('');
  return letter.repeat(64 - id.length) + id;
}

const CODE_LINE = `const answer = ${'someLongIdentifier + '.repeat(4)}anotherOne; // ${'x'.repeat(12)}`;
const BODY = [
  'Before the code.',
  '```',
  CODE_LINE,
  '```',
  `| ${Array.from({ length: 12 }, (_, i) => `column ${i}`).join(' | ')} |`,
  `|${' --- |'.repeat(12)}`,
  `| ${Array.from({ length: 12 }, (_, i) => `value-${i}-wide`).join(' | ')} |`,
  '',
  `See https://example.com/${'a-very-long-path-segment-'.repeat(5)}end for more.`,
].join('\n');

interface LongWords {
  tag: string;
  author: TestUser;
  slug: string;
}

/** A new user whose name is 64 characters long. */
async function registerLongName(): Promise<TestUser> {
  const username = longWord('W');
  const user = { username, email: `${uniqueName('long')}@folio.test`, password: 'password-1234' };
  const res = await call<{ user: { token: string } }>('POST', '/users', { user });
  expect(res.status).toBe(201);
  return { ...user, token: res.body.user.token };
}

/** A user with a 64-character name, an article of theirs with a 64-character tag, and their comment on it. */
async function writeLongWords(): Promise<LongWords> {
  const author = await registerLongName();
  const tag = longWord('w');
  const { slug } = await createArticle(author, {
    title: `Long words ${uniqueName('t')}`,
    body: BODY,
    tagList: [tag, 'short'],
  });
  const comment = await call(
    'POST',
    `/articles/${slug}/comments`,
    { comment: { body: 'A comment under a long name.' } },
    author.token,
  );
  expect(comment.status).toBe(201);
  return { tag, author, slug };
}

/** How far `page` scrolls sideways: 0 when it fits its window. */
function overflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/**
 * Opens each page, waits for what shows it loaded, and gives the sideways scroll of each: once it
 * settles (a field lays its chips out after it mounts), or after a few seconds of trying.
 */
async function overflows(
  page: Page,
  pages: { path: string; ready: (page: Page) => Promise<void> }[],
): Promise<Record<string, number>> {
  const seen: Record<string, number> = {};
  for (const { path, ready } of pages) {
    await page.goto(path);
    await ready(page);
    await eventually(async () => (await overflow(page)) <= 0, `${path} to fit`, 3000).catch(
      () => undefined,
    );
    seen[path] = Math.max(0, await overflow(page));
  }
  return seen;
}

const noOverflow = (seen: Record<string, number>) =>
  Object.fromEntries(Object.keys(seen).map((path) => [path, 0]));

async function newContext(browser: Browser, viewport: typeof PHONE, javaScriptEnabled = true) {
  return browser.newContext({ baseURL: BASE_URL, locale: 'en-US', viewport, javaScriptEnabled });
}

describe('long words', () => {
  it.each([
    ['a phone', PHONE],
    ['a desktop', DESKTOP],
  ])(
    'a 64-character tag and username fit %s: home, tag, article, profile and editor',
    async (_, viewport) => {
      const { tag, author, slug } = await writeLongWords();
      // Read by another long name: the header shows it, and Follow names the author.
      const reader = await registerLongName();
      const readerContext = await newContext(site.browser, viewport);
      const authorContext = await newContext(site.browser, viewport);
      try {
        const page = await readerContext.newPage();
        await signInAs(page, reader);
        const tagLink = (scope: string) =>
          page.locator(scope).getByRole('link', { name: tag, exact: true }).first();
        const seen = await overflows(page, [
          {
            path: '/',
            ready: async () => {
              await tagLink('[data-test=tags]').waitFor();
              await tagLink('[data-test=article-preview]').waitFor();
            },
          },
          {
            path: `/tag/${encodeURIComponent(tag)}`,
            ready: () => tagLink('[data-test=article-preview]').waitFor(),
          },
          {
            path: `/article/${slug}`,
            ready: async (p) => {
              await p.locator('[data-test=comment]').waitFor();
              await p.locator('[data-test=follow]').waitFor();
              await tagLink('article').waitFor();
            },
          },
          {
            path: `/profile/${author.username}`,
            ready: async (p) => {
              await hasText(p.locator('[data-test=profile-name]'), author.username);
              await p.locator('[data-test=follow]').waitFor();
            },
          },
        ]);
        // The author's editor, with the tag as a chip in its field.
        const authorPage = await authorContext.newPage();
        await signInAs(authorPage, author);
        Object.assign(
          seen,
          await overflows(authorPage, [
            {
              path: `/editor/${slug}`,
              ready: (p) => p.locator(`.q-chip:has-text("${tag}")`).waitFor(),
            },
          ]),
        );
        expect(seen).toEqual(noOverflow(seen));

        // The whole tag is there to read: a chip cut short by an ellipsis says it in its title, and
        // its link is named by it.
        await page.goto(`/article/${slug}`);
        // The app's article, not the server's (whose tags are plain links) before the app mounts.
        await page.locator('[data-test=comment]').waitFor();
        expect(await tagLink('article').getAttribute('title')).toBe(tag);
        const chip = await tagLink('article').boundingBox();
        expect(chip!.x + chip!.width).toBeLessThanOrEqual(viewport.width);
        // And the whole name: wrapped, not cut.
        await page.goto(`/profile/${author.username}`);
        await hasText(page.locator('[data-test=profile-name]'), author.username);
        expect(await page.locator('[data-test=profile-name]').textContent()).toBe(author.username);
        await page.locator('[data-test=follow]').waitFor();
        // The chips cut short and the wrapped names in a list (the article's own page has a wide code
        // block and table, whose scrolling boxes axe finds unreachable by keyboard: not this test's).
        await expectAccessible(page, `a profile with long names on ${viewport.width}px`);
      } finally {
        await readerContext.close();
        await authorContext.close();
      }
    },
  );

  it.each([
    ['a phone', PHONE],
    ['a desktop', DESKTOP],
  ])('a 64-character username fits the administration on %s', async (_, viewport) => {
    const { author } = await writeLongWords();
    const admin = (await login(SUPERUSER.email, SUPERUSER.password)).body.user;
    const context = await newContext(site.browser, viewport);
    try {
      const page = await context.newPage();
      await signInAs(page, admin);
      const named = (p: Page) => p.getByText(author.username).first().waitFor();
      const seen = await overflows(page, [
        { path: `/admin/users?username=${author.username}`, ready: named },
        { path: '/admin/moderation', ready: named },
      ]);
      expect(seen).toEqual(noOverflow(seen));
    } finally {
      await context.close();
    }
  });

  it("a phone without JavaScript: the server's article with a long code line, the profile, the tag", async () => {
    const { tag, author, slug } = await writeLongWords();
    const context = await newContext(site.browser, PHONE, false);
    try {
      const page = await context.newPage();
      const seen = await overflows(page, [
        {
          path: `/article/${slug}`,
          ready: (p) => p.locator('#q-app article pre').waitFor(),
        },
        {
          path: `/profile/${author.username}`,
          ready: (p) => p.locator('#q-app main li').first().waitFor(),
        },
        {
          path: `/tag/${encodeURIComponent(tag)}`,
          ready: (p) => p.locator('#q-app main li').first().waitFor(),
        },
        { path: '/', ready: (p) => p.locator('#q-app main li').first().waitFor() },
      ]);
      expect(seen).toEqual(noOverflow(seen));
      // The code line is whole, in a box of its own that scrolls.
      await page.goto(`/article/${slug}`);
      const pre = page.locator('#q-app article pre');
      expect(await pre.textContent()).toContain(CODE_LINE);
      expect((await pre.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await context.close();
    }
  });
});
