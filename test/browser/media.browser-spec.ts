import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, TestUser } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL } from './support/folio-process';
import { eventually, hasText, shot, signInAs } from './support/page-actions';

// Images in the web app: a cover and body images uploaded from the editor, the article page's
// responsive images, the media library, and an avatar from the settings page.
const site = useBrowserSite();

function image(width: number, height: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const picture = sharp({
    create: { width, height, channels: 3, background: { r: 40, g: 120, b: 90 } },
  });
  return (format === 'png' ? picture.png() : picture.jpeg()).toBuffer();
}

/** A paste or a drop of one file onto the body's textarea, as the browser would fire it. */
async function giveToBody(page: Page, event: 'paste' | 'drop', name: string, data: Buffer) {
  const type = name.endsWith('.png')
    ? 'image/png'
    : name.endsWith('.txt')
      ? 'text/plain'
      : 'image/jpeg';
  // A string, since the root tsconfig has no DOM types.
  await page.evaluate(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(data.toString('base64'))}), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
    const textarea = document.querySelector('textarea[name=body]');
    textarea.focus();
    textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    const init = { bubbles: true, cancelable: true };
    textarea.dispatchEvent(${
      event === 'paste'
        ? `new ClipboardEvent('paste', { ...init, clipboardData: transfer })`
        : `new DragEvent('drop', { ...init, dataTransfer: transfer })`
    });
  })()`);
}

/** The image has loaded and has pixels (a broken one has a naturalWidth of 0). */
async function loads(img: Locator, what: string): Promise<void> {
  await eventually(
    async () =>
      (await img.evaluate((element) => {
        const picture = element as unknown as { complete: boolean; naturalWidth: number };
        return picture.complete ? picture.naturalWidth : 0;
      })) > 0,
    `${what} to load`,
  );
}

async function uploadThroughApi(
  user: TestUser,
  data: Buffer,
): Promise<{ id: string; url: string }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)]), 'extra.png');
  const response = await fetch(`${BASE_URL}/api/media`, {
    method: 'POST',
    headers: { Authorization: `Token ${user.token}` },
    body: form,
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { media: { id: string; url: string } }).media;
}

describe('media in the web app', () => {
  it('uploads a cover and body images, shows them responsive, and lists them in the library', async () => {
    const { page } = site;
    const author = await createUser('photographer');
    await signInAs(page, author);

    await page.goto('/editor');
    const title = `Pictures ${author.username}`;
    await page.fill('input[name=title]', title);
    await page.fill('input[name=description]', 'With images');
    await page.fill('textarea[name=body]', 'Before the images.\n\n');

    // A cover from the file picker: previewed, its URL in the field.
    await page.setInputFiles('[data-test=cover-file]', {
      name: 'cover.jpg',
      mimeType: 'image/jpeg',
      buffer: await image(1600, 900, 'jpeg'),
    });
    await loads(page.locator('[data-test=cover-preview]'), 'the cover preview');
    const coverUrl = await page.inputValue('input[name=coverImage]');
    expect(coverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f-]{36}\/1600\.jpg$/);

    // A pasted image and a dropped one (smaller than most standard widths) become markdown images.
    await giveToBody(page, 'paste', 'pasted.jpg', await image(1500, 1000, 'jpeg'));
    await giveToBody(page, 'drop', 'dropped.png', await image(400, 300, 'png'));
    const body = page.locator('textarea[name=body]');
    await eventually(async () => {
      const text = await body.inputValue();
      return (
        /!\[pasted\]\(http:\/\/[^)]+\/media\/[0-9a-f-]{36}\/1500\.jpg\)/.test(text) &&
        /!\[dropped\]\(http:\/\/[^)]+\/media\/[0-9a-f-]{36}\/400\.png\)/.test(text) &&
        !text.includes('Uploading')
      );
    }, 'both images in the text, without placeholders');
    expect(await body.inputValue()).toMatch(/^Before the images\.\n\n/);
    // What the cover shows, said to those who cannot see it, and a credit under it.
    await page.fill('input[name=coverImageAlt]', 'A grey square on white');
    await page.fill('input[name=coverImageCaption]', 'Drawn by the test');
    await expectAccessible(page, 'the editor with a cover', { themes: 'light' });
    await shot(page, 'media-editor');

    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=article-title]'), title);

    // The article page: the cover and both body images load from their srcset (the dropped image's
    // 1280 answers with a redirect to its own 400-wide file).
    const cover = page.locator('[data-test=article-cover]');
    expect(await cover.getAttribute('src')).toBe(coverUrl);
    expect(await cover.getAttribute('srcset')).toMatch(/\/1280\.webp 1280w/);
    expect(await cover.getAttribute('sizes')).toBeTruthy();
    expect(await cover.getAttribute('alt')).toBe('A grey square on white');
    await hasText(
      page.locator('figure:has([data-test=article-cover]) figcaption'),
      'Drawn by the test',
    );
    await loads(cover, 'the cover');
    const bodyImages = page.locator('[data-test=article-body] img[srcset]');
    await eventually(async () => (await bodyImages.count()) === 2, 'two body images with srcset');
    for (const index of [0, 1]) {
      const img = bodyImages.nth(index);
      expect(await img.getAttribute('srcset')).toMatch(/320\.webp 320w, .*2048\.webp 2048w$/);
      await img.scrollIntoViewIfNeeded();
      await loads(img, `body image ${index + 1}`);
    }
    expect(await page.locator('[data-test=article-body] img[alt=pasted]').count()).toBe(1);
    await expectAccessible(page, 'an article with a cover and images');
    await shot(page, 'media-article');

    // Lists show the cover small.
    await page.goto(`/profile/${author.username}`);
    await loads(
      page.locator(`[data-test=article-preview]:has-text("${title}") [data-test=preview-cover]`),
      'the preview thumbnail',
    );

    // The library lists the three uploads and one more; a used one cannot be deleted, an unused can.
    const extra = (await uploadThroughApi(author, await image(500, 500, 'png'))).id;
    await page.goto('/editor');
    await page.click('[data-test=media-library-open]');
    const items = page.locator('[data-test=media-item]');
    await eventually(async () => (await items.count()) === 4, 'four uploads in the library');
    await loads(items.first().locator('img'), 'a library thumbnail');
    // Each image's buttons say which image they act on.
    expect(
      await page
        .locator(`[data-media-id="${extra}"] [data-test=media-delete]`)
        .getAttribute('aria-label'),
    ).toMatch(/^Delete: 500 × 500, uploaded /);
    await expectAccessible(page, 'the media library');
    await shot(page, 'media-library');

    const coverId = coverUrl.split('/')[4];
    await page.click(`[data-media-id="${coverId}"] [data-test=media-delete]`);
    await page.locator('[data-test=confirm-ok]', { hasText: 'Delete' }).click();
    await page.locator('.q-notification', { hasText: 'used by an article' }).waitFor();
    expect(await items.count()).toBe(4);

    // The question names the alert dialog and the focus is on Cancel: Enter right away keeps it.
    await page.click(`[data-media-id="${extra}"] [data-test=media-delete]`);
    const confirm = page.locator('[role=alertdialog]');
    await confirm.waitFor();
    expect(
      await confirm.evaluate(
        (dialog) =>
          document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent,
      ),
    ).toBe('Delete this image for good?');
    await eventually(
      () =>
        page.evaluate(() => document.activeElement?.getAttribute('data-test') === 'confirm-cancel'),
      'the focus on Cancel',
    );
    await expectAccessible(page, 'a confirmation dialog', { themes: 'light' });
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await items.count()).toBe(4);
    await page.click(`[data-media-id="${extra}"] [data-test=media-delete]`);
    await page.locator('[data-test=confirm-ok]', { hasText: 'Delete' }).click();
    await eventually(async () => (await items.count()) === 3, 'the unused upload to go');
    expect((await call('GET', '/media', undefined, author.token)).body).toMatchObject({
      mediaCount: 3,
    });

    // Picking one as the cover of a new article.
    await page.click(`[data-media-id="${coverId}"] [data-test=media-cover]`);
    expect(await page.inputValue('input[name=coverImage]')).toBe(coverUrl);
  });

  it('uploads an avatar on the settings page and shows it in the header', async () => {
    const { page } = site;
    const user = await createUser('portrait');
    await signInAs(page, user);
    await page.goto('/settings');
    await page.setInputFiles('[data-test=avatar-file]', {
      name: 'me.png',
      mimeType: 'image/png',
      buffer: await image(800, 800, 'png'),
    });
    await eventually(
      async () =>
        /\/media\/[0-9a-f-]{36}\/320\.webp$/.test(await page.inputValue('input[name=image]')),
      'the avatar URL in the field',
    );
    const avatarUrl = await page.inputValue('input[name=image]');
    await page.click('[data-test=submit]');
    await page.locator('.q-notification', { hasText: 'Settings saved' }).waitFor();

    const headerAvatar = page.locator('[data-test=nav-avatar] img');
    await eventually(
      async () => (await headerAvatar.getAttribute('src').catch(() => null)) === avatarUrl,
      'the new avatar in the header',
    );
    await loads(headerAvatar, 'the header avatar');
    await expectAccessible(page, 'settings with an avatar', { themes: 'light' });
    const saved = await call<{ user: { image: string } }>('GET', '/user', undefined, user.token);
    expect(saved.body.user.image).toBe(avatarUrl);
  });

  it('adds images to the text with the file picker, at the cursor, on a phone', async () => {
    const { page } = site;
    const user = await createUser('picker');
    await signInAs(page, user);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/editor');
    const body = page.locator('textarea[name=body]');
    await body.fill('First.\n\nSecond.');
    // The cursor after "First.", then a tap on the button (the text loses focus where the cursor was).
    await body.evaluate((area: HTMLTextAreaElement) => area.setSelectionRange(6, 6));
    const chooser = page.waitForEvent('filechooser');
    await page.click('[data-test=body-images-pick]');
    await (
      await chooser
    ).setFiles({ name: 'picked.png', mimeType: 'image/png', buffer: await image(640, 480, 'png') });
    await eventually(
      async () =>
        /^First\.\n\n!\[picked\]\(http:\/\/[^)]+\/media\/[0-9a-f-]{36}\/640\.png\)\n\n+Second\.$/.test(
          await body.inputValue(),
        ),
      'the picked image after the first paragraph',
    );
  });

  it('says when a file is not an image it accepts', async () => {
    const { page } = site;
    const user = await createUser('texter');
    await signInAs(page, user);
    await page.goto('/editor');
    await page.setInputFiles('[data-test=cover-file]', {
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('just some text, not a picture'),
    });
    await page.locator('.q-notification', { hasText: 'is not an image we accept' }).waitFor();
    expect(await page.inputValue('input[name=coverImage]')).toBe('');

    // Dropped into the body: the refused upload's placeholder goes, and the blank lines it brought.
    await page.fill('textarea[name=body]', 'Hello');
    await giveToBody(page, 'drop', 'fake.png', Buffer.from('not a picture either'));
    await page.locator('.q-notification', { hasText: 'fake.png is not an image' }).waitFor();
    await eventually(
      async () => (await page.inputValue('textarea[name=body]')) === 'Hello',
      'the body to be as it was',
    );
    // A file that is no image at all is said so too, and the browser does not open it.
    await giveToBody(page, 'drop', 'notes.txt', Buffer.from('plain words'));
    await page.locator('.q-notification', { hasText: 'notes.txt is not an image' }).waitFor();
    expect(await page.inputValue('textarea[name=body]')).toBe('Hello');
    expect(new URL(page.url()).pathname).toBe('/editor');
  });

  it("fits a phone without JavaScript too: the server's article, a wide image in it, and the way home", async () => {
    const author = await createUser('wide');
    const wide = await uploadThroughApi(author, await image(1600, 400, 'png'));
    const article = await createArticle(author, {
      title: `A wide view ${author.username}`,
      body: `Before.\n\n![the valley](${wide.url})\n\nAfter, with a ${'long'.repeat(40)} word.`,
    });
    const context = await site.browser.newContext({
      baseURL: BASE_URL,
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    try {
      const page = await context.newPage();
      expect((await page.goto(`/article/${article.slug}`))?.status()).toBe(200);
      const picture = page.locator('#q-app article img[alt="the valley"]');
      await loads(picture, 'the wide image');
      expect((await picture.boundingBox())?.width).toBeLessThanOrEqual(390);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      // The title at a reading size, not Quasar's 6rem display heading: two lines, not a third of the screen.
      const title = await page.locator('#q-app h1').evaluate((h1) => getComputedStyle(h1).fontSize);
      expect(Number.parseFloat(title)).toBeLessThanOrEqual(32);
      await page.click('#q-app nav a[rel=home]');
      expect(new URL(page.url()).pathname).toBe('/');
      await page.locator(`#q-app main a:has-text("${article.title}")`).waitFor();
    } finally {
      await context.close();
    }
  });
});
