import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import {
  eventually,
  fieldError,
  hasAttribute,
  hasText,
  openMailedLink,
  registerThroughForm,
  shot,
  signInAs,
} from './support/page-actions';

// A writer's whole path through the site (sign-up to feed) and how readers find articles.
const site = useBrowserSite();

describe('writing and reading', () => {
  it('sign up → verify from the mail → draft → publish → comment → favorite → follow → feed', async () => {
    const { page } = site;
    const { username, email } = await registerThroughForm(page, 'writer');

    // The verification link from the real mail.
    await openMailedLink(page, site.mail, email, '/verify(?:-email)?');
    await page.locator('[data-test=verified]').waitFor();
    await expectAccessible(page, 'the verified page', { themes: 'light' });
    // The mailed link opened again later says so, not that it failed.
    await openMailedLink(page, site.mail, email, '/verify(?:-email)?');
    await hasText(page.locator('[data-test=verified]'), 'verified already');

    // A draft, with markdown that must be rendered and sanitized.
    await page.goto('/editor');
    const title = `Draft ${username}`;
    await page.fill('input[name=title]', title);
    await page.fill('input[name=description]', 'What drafts are for');
    await page.fill(
      'textarea[name=body]',
      'Hello **bold** world\n\n<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>',
    );
    await page.fill('.q-select:has-text("Tags") input', 'browsers');
    await page.keyboard.press('Enter');
    await expectAccessible(page, 'the editor');
    await page.click('[data-test=preview-tab]');
    await hasText(page.locator('[data-test=preview] strong'), 'bold');
    await page.click('[data-test=save-draft]');
    // Saving a draft keeps the author in the editor, now at the draft's own address (as Ghost does).
    await page.locator('.q-notification', { hasText: 'Draft saved.' }).waitFor();
    await eventually(
      () => Promise.resolve(new URL(page.url()).pathname.startsWith('/editor/draft-')),
      "the editor at the draft's address",
    );
    expect(await page.inputValue('input[name=title]')).toBe(title);
    await page.click('[data-test=view-article]');
    await page.locator('[data-test=draft-badge]').waitFor();
    await hasText(page.locator('[data-test=article-body] strong'), 'bold');
    expect(await page.locator('[data-test=article-body] script').count()).toBe(0);
    expect(await page.locator('[data-test=article-body] [onerror]').count()).toBe(0);
    expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
    // The probe's <img src=x> is the author's own HTML, kept as written: an image without a text
    // alternative is the author's to fix, not the page's.
    const authorsImage = '[data-test=article-body] img[src="x"]';
    await expectAccessible(page, 'a draft, to its author', {
      themes: 'light',
      exclude: [authorsImage],
    });

    await page.goto('/drafts');
    await page.locator(`[data-test=article-preview]:has-text("${title}")`).waitFor();
    await expectAccessible(page, 'the drafts page', { themes: 'light' });

    // Publish it.
    await page.click(`[data-test=article-preview]:has-text("${title}") h2`);
    await page.click('[data-test=edit-article]');
    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=article-title]'), title);
    expect(await page.locator('[data-test=draft-badge]').count()).toBe(0);

    // Comment on it.
    await page.fill('textarea[name=comment]', 'First comment from the browser');
    await page.click('[data-test=post-comment]');
    await hasText(page.locator('[data-test=comment]').first(), 'First comment from the browser');
    await page.locator('.q-notification', { hasText: 'Comment posted.' }).waitFor();
    // The bin in the comment's row names the comment it deletes.
    expect(
      await page
        .locator('[data-test=comment] [data-test=delete-comment]')
        .getAttribute('aria-label'),
    ).toContain(`comment by ${username}`);
    await expectAccessible(page, 'an article with a comment, to its author', {
      exclude: [authorsImage],
    });
    await shot(page, 'article');

    // A reader's rude comment: the article's author deletes it from the page.
    const rude = await createUser('rude');
    const slug = new URL(page.url()).pathname.split('/').pop() as string;
    const posted = await call(
      'POST',
      `/articles/${slug}/comments`,
      { comment: { body: 'Rude' } },
      rude.token,
    );
    expect(posted.status).toBe(201);
    await page.reload();
    const rudeRow = page.locator('[data-test=comment]:has-text("Rude")');
    await rudeRow.locator('[data-test=delete-comment]').click();
    await page.locator('[data-test=confirm-ok]', { hasText: 'Delete' }).click();
    await rudeRow.waitFor({ state: 'detached' });
    // The bin went with its row: the focus lands on the comments' heading, not the page's start.
    await eventually(
      () =>
        page.evaluate(
          () => document.activeElement?.getAttribute('data-test') === 'comments-heading',
        ),
      'the focus on the comments heading',
    );
    await hasText(page.locator('[data-test=comment]').first(), 'First comment from the browser');
    // A new comment goes last, where it stays after a reload (the list is oldest first).
    await page.fill('textarea[name=comment]', 'Second comment from the browser');
    await page.click('[data-test=post-comment]');
    await hasText(page.locator('[data-test=comment]').last(), 'Second comment from the browser');
    await page.reload();
    await hasText(page.locator('[data-test=comment]').last(), 'Second comment from the browser');

    // Favorite and follow another author, then find their article in the feed.
    const other = await createUser('author');
    const theirs = await createArticle(other, { title: `Feed item ${other.username}` });
    await page.goto(`/article/${theirs.slug}`);
    await page.click('[data-test=favorite]');
    // Said once, by the label: no aria-pressed beside a label that already changed.
    await hasAttribute(
      page.locator('[data-test=favorite]'),
      'aria-label',
      'Unfavorite article (1)',
    );
    expect(await page.locator('[data-test=favorite]').getAttribute('aria-pressed')).toBeNull();
    await hasText(page.locator('[data-test=favorite]'), '(1)');
    await page.click('[data-test=follow]');
    await hasText(page.locator('[data-test=follow]'), `Unfollow ${other.username}`);
    expect(await page.locator('[data-test=follow]').getAttribute('aria-pressed')).toBeNull();
    await expectAccessible(page, "another author's article, favorited and followed", {
      themes: 'light',
    });

    await page.goto('/?feed=1');
    await page.locator(`[data-test=article-preview]:has-text("${theirs.title}")`).waitFor();
    // In a list the favorite button shows its count alone; its name says the count, then the article.
    expect(
      await page
        .locator(`[data-test=article-preview]:has-text("${theirs.title}") [data-test=favorite]`)
        .getAttribute('aria-label'),
    ).toBe(`Favorites: 1 — unfavorite “${theirs.title}”`);
    await expectAccessible(page, 'your feed', { themes: 'light' });
    await page.goto(`/profile/${username}/favorites`);
    await page.locator(`[data-test=article-preview]:has-text("${theirs.title}")`).waitFor();
    await expectAccessible(page, "a profile's favorites", { themes: 'light' });
  });

  it("a failed save brings its error into view and focus; a session ended elsewhere says so, not 'the link'", async () => {
    const { page } = site;
    const writer = await createUser('unsaved');
    await signInAs(page, writer);
    await page.goto('/editor');
    await page.fill('input[name=title]', uniqueName('Long piece '));
    // Long enough that the buttons are below the fold, far from the fields.
    await page.fill('textarea[name=body]', 'A paragraph.\n\n'.repeat(60));
    await page.locator('[data-test=publish]').scrollIntoViewIfNeeded();
    await page.click('[data-test=publish]');
    const description = page.locator('input[name=description]');
    await eventually(
      () => description.evaluate((input) => input === document.activeElement),
      'the focus on the description, the field in error',
    );
    await hasText(fieldError(page, 'description'), "can't be blank");
    const inView = await description.evaluate((input) => {
      const box = input.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);

    // Signed out everywhere from another device: the next save says the session ended.
    expect((await call('POST', '/auth/logout-all', undefined, writer.token)).status).toBe(204);
    await page.fill('input[name=description]', 'Now with a description');
    await page.locator('[data-test=save-draft]').scrollIntoViewIfNeeded();
    await page.click('[data-test=save-draft]');
    const banner = page.locator('[data-test=form-errors]');
    await hasText(banner, 'You were signed out');
    expect(await banner.innerText()).not.toContain('The link');
    // What was written is still on the page.
    expect(await page.inputValue('input[name=description]')).toBe('Now with a description');
    // A reload says it too, instead of showing a signed-out page without a word.
    await page.goto('/');
    await page.locator('.q-notification', { hasText: 'You were signed out' }).waitFor();
    await page.locator('[data-test=nav-signin]').waitFor();
  });

  it('moving a published article back to drafts says so, not "Draft saved."', async () => {
    const { page } = site;
    const writer = await createUser('retract');
    const article = await createArticle(writer, { title: uniqueName('Retracted ') });
    await signInAs(page, writer);
    await page.goto(`/editor/${article.slug}`);
    await page.click('[data-test=unpublish]');
    await page.locator('.q-notification', { hasText: 'Moved back to drafts' }).waitFor();
    expect(await page.locator('.q-notification', { hasText: 'Draft saved.' }).count()).toBe(0);
  });

  it("on a phone the editor's tabs and image buttons fit on one row", async () => {
    const { page } = site;
    await signInAs(page, await createUser('phone'));
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/editor');
    await page.locator('[data-test=preview-tab]').waitFor();
    // Quasar marks tabs that do not fit (and draws its scroll arrows over them) as scrollable.
    expect(await page.locator('.q-tabs--scrollable').count()).toBe(0);
    await hasAttribute(page.locator('[data-test=body-images-pick]'), 'aria-label', 'Add images');
  });

  it('finds articles by full-text search (Enter and the button) and by tag', async () => {
    const { page } = site;
    const author = await createUser('searcher');
    const word = uniqueName('quokka');
    const other = uniqueName('wombat');
    await createArticle(author, { title: `All about ${word}`, tagList: ['marsupials'] });
    await createArticle(author, { title: `All about ${other}` });
    // The newest article tops the global feed: results only count once it is gone.
    const decoy = await createArticle(author, { title: `Nothing to find ${uniqueName('x')}` });
    const previews = page.locator('[data-test=article-preview]');
    await page.goto('/');
    await page.locator(`[data-test=article-preview]:has-text("${decoy.title}")`).waitFor();

    // A person clicks into the box, types and presses Enter.
    await page.click('[data-test=search]');
    await page.keyboard.type(word);
    await page.keyboard.press('Enter');
    await page.locator(`[data-test=article-preview]:has-text("${word}")`).waitFor();
    await hasText(page.locator('[data-test=feed-tabs]'), `Results for`);
    expect(await previews.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(word);

    // Then replaces the words and clicks the search button with the mouse.
    await page.click('[data-test=search]', { clickCount: 3 });
    await page.keyboard.type(other);
    await page.click('[data-test=search-submit]');
    await page.locator(`[data-test=article-preview]:has-text("${other}")`).waitFor();
    expect(await previews.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe(other);
    // Said to a screen reader too: the polite live region holds what was found.
    await hasText(page.locator('[data-test=list-announcement]'), '1 article');
    await expectAccessible(page, 'search results', { themes: 'light' });

    // A pasted paragraph: the box keeps the 200 characters the API searches, and the search runs.
    await page.click('[data-test=search]', { clickCount: 3 });
    await page.keyboard.insertText(`${other} ${'y'.repeat(250)}`);
    await page.keyboard.press('Enter');
    // The list's own empty state (the sidebar's categories have one too while there are none).
    await page.locator('[data-test=empty]', { hasText: 'Nothing matches' }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toHaveLength(200);
    expect(await page.locator('[data-test=load-error]').count()).toBe(0);

    await page.goto('/?tag=marsupials');
    await page.locator(`[data-test=article-preview]:has-text("${word}")`).waitFor();
  });

  it('colours code by its language, and footnotes and heading links land on their text', async () => {
    const { page } = site;
    const author = await createUser('footnoter');
    const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} of the middle.`).join(
      '\n\n',
    );
    const article = await createArticle(author, {
      title: `Notes and code ${author.username}`,
      body: [
        'A claim that needs a source[^1], and a [link to the end](#the-end).',
        '```ts\nconst answer: number = 42;\n```',
        filler,
        '## The end',
        'Last words.',
        '[^1]: The source of the claim.',
      ].join('\n\n'),
    });
    await page.goto(`/article/${article.slug}`);
    // highlight.js arrives with the first article that needs it: plain code first, then coloured.
    const keyword = page.locator('[data-test=article-body] .hljs-keyword');
    await hasText(keyword, 'const');
    expect(await keyword.evaluate((node) => getComputedStyle(node).color)).toBe('rgb(207, 34, 46)');

    // In view and below the fixed header (50 px), not under it.
    const inView = (selector: string) =>
      page.locator(selector).evaluate((node) => {
        const box = node.getBoundingClientRect();
        return box.top >= 50 && box.top < window.innerHeight;
      });
    // Heard by screen readers, in the articles' language (English here): the number filled in.
    await hasText(page.locator('#footnote-label'), 'Footnotes');
    expect(await page.getAttribute('#footnote-1 a[data-footnote-backref]', 'aria-label')).toBe(
      'Back to reference 1',
    );
    await page.click('[data-test=article-body] a[data-footnote-ref]');
    await eventually(() => inView('#footnote-1'), 'the footnote in view');
    expect(new URL(page.url()).hash).toBe('#footnote-1');
    await page.click('#footnote-1 a[data-footnote-backref]');
    await eventually(() => inView('#footnote-ref-1'), 'back at the reference');
    await page.click('a[href="#the-end"]');
    await eventually(() => inView('#the-end'), 'the heading in view');

    // A shared link to a note, opened from another page, lands on the note once the article is there.
    await page.goto('/');
    await page.goto(`/article/${article.slug}#footnote-1`);
    await eventually(() => inView('#footnote-1'), 'the linked footnote in view');
  });
});
