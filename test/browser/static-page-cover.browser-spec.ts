import type { Locator } from 'playwright-core';
import sharp from 'sharp';
import { expectAccessible } from './support/accessibility';
import { call, createUser, giveRole, login } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL, SUPERUSER } from './support/folio-process';
import { eventually, hasText, shot, signInAs } from './support/page-actions';

// A static page's description and cover: an editor gives them in the page editor, and readers (the
// app and link previews) see them as an article's.
const site = useBrowserSite();

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

describe('a static page with a description and a cover', () => {
  beforeEach(async () => {
    const admin = (await login(SUPERUSER.email, SUPERUSER.password)).body.user.token;
    const list = await call<{ pages: { slug: string }[] }>('GET', '/pages', undefined, admin);
    for (const { slug } of list.body.pages) {
      expect((await call('DELETE', `/pages/${slug}`, undefined, admin)).status).toBe(204);
    }
  });

  it('an editor uploads a cover and writes a description; the published page and its head show them', async () => {
    const { page } = site;
    const editor = await createUser('editor');
    await giveRole(editor, 'editor');
    await signInAs(page, editor);
    await page.goto('/admin/pages/new');

    await page.fill('input[name=title]', 'Colophon');
    await page.fill('input[name=description]', 'How this blog is made, and by whom.');
    await page.fill('textarea[name=body]', 'Set in **plain** type.');
    const picture = await sharp({
      create: { width: 1600, height: 900, channels: 3, background: { r: 40, g: 120, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    await page.setInputFiles('[data-test=cover-file]', {
      name: 'press.jpg',
      mimeType: 'image/jpeg',
      buffer: picture,
    });
    await loads(page.locator('[data-test=cover-preview]'), 'the cover preview');
    const coverUrl = await page.inputValue('input[name=coverImage]');
    expect(coverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/media\/[0-9a-f-]{36}\/1600\.jpg$/);
    await page.fill('input[name=coverImageAlt]', 'A green printing press');
    await page.fill('input[name=coverImageCaption]', 'Photo by the test');
    await expectAccessible(page, 'the page editor with a description and a cover', {
      themes: 'light',
    });
    await shot(page, 'static-page-editor-cover');

    await page.click('[data-test=save-draft]');
    await page.waitForURL('**/admin/pages/colophon/edit');
    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=published-note]'), 'The page is published.');

    // Saved as given, and the editor shows it again after a reload.
    const saved = await call<{ page: Record<string, unknown> }>('GET', '/pages/colophon');
    expect(saved.body.page).toMatchObject({
      status: 'published',
      description: 'How this blog is made, and by whom.',
      coverImage: coverUrl,
      coverImageAlt: 'A green printing press',
      coverImageCaption: 'Photo by the test',
    });
    await page.reload();
    await eventually(
      async () =>
        (await page.inputValue('input[name=description]')) ===
        'How this blog is made, and by whom.',
      'the description back in the editor',
    );
    expect(await page.inputValue('input[name=coverImageAlt]')).toBe('A green printing press');

    // A reader sees the cover above the text, described and captioned.
    const context = await site.browser.newContext({ baseURL: BASE_URL, locale: 'en-US' });
    try {
      const reader = await context.newPage();
      await reader.goto('/page/colophon');
      const cover = reader.locator('[data-test=article-cover]');
      await loads(cover, 'the cover');
      expect(await cover.getAttribute('src')).toBe(coverUrl);
      expect(await cover.getAttribute('srcset')).toMatch(/\/1280\.webp 1280w/);
      expect(await cover.getAttribute('alt')).toBe('A green printing press');
      await hasText(reader.locator('figure [data-test=cover-caption]'), 'Photo by the test');
      await hasText(reader.locator('[data-test=page-body] strong'), 'plain');
      await expectAccessible(reader, 'a static page with a cover, to a reader');
      await shot(reader, 'static-page-cover');
    } finally {
      await context.close();
    }

    // What a link preview reads: the served page's head, before any script runs.
    const served = await (
      await fetch(`${BASE_URL}/page/colophon`, { headers: { Accept: 'text/html' } })
    ).text();
    const metaContent = (attribute: string) =>
      new RegExp(`<meta ${attribute} content="([^"]*)"`).exec(served)?.[1];
    expect(metaContent('name="description"')).toBe('How this blog is made, and by whom.');
    expect(metaContent('property="og:description"')).toBe('How this blog is made, and by whom.');
    expect(metaContent('property="og:image"')).toBe(coverUrl);
    expect(metaContent('property="og:image:alt"')).toBe('A green printing press');
    expect(metaContent('property="og:image:width"')).toBe('1600');
    expect(metaContent('name="twitter:image"')).toBe(coverUrl);
    expect(metaContent('name="twitter:card"')).toBe('summary_large_image');
  });
});
