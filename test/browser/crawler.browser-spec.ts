import { call, createUser } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { BASE_URL } from './support/folio-process';
import { hasText } from './support/page-actions';

// What a crawler or a link preview reads of an article page with no JavaScript (the server's head and
// content), and that a browser with JavaScript gets the app, with nothing shown twice.
const site = useBrowserSite();

const TITLE = 'Why dragons <3 Nest';
const DESCRIPTION = 'A field guide, "annotated"';
const BODY = '## Wings\n\nThey fly with **care**. <script>document.title = "pwned"</script>';

async function publishArticle(): Promise<string> {
  const author = await createUser('crawled');
  const res = await call<{ article: { slug: string } }>(
    'POST',
    '/articles',
    { article: { title: TITLE, description: DESCRIPTION, body: BODY, tagList: ['dragons'] } },
    author.token,
  );
  expect(res.status).toBe(201);
  return res.body.article.slug;
}

describe('an article page for crawlers', () => {
  it('reads title, description, Open Graph tags and body with JavaScript disabled', async () => {
    const slug = await publishArticle();
    const context = await site.browser.newContext({
      baseURL: BASE_URL,
      javaScriptEnabled: false,
      userAgent: 'facebookexternalhit/1.1',
    });
    try {
      const page = await context.newPage();
      const res = await page.goto(`/article/${slug}`);
      expect(res?.status()).toBe(200);
      expect(await page.title()).toBe(`${TITLE} — Folio`);
      const content = (selector: string) => page.getAttribute(selector, 'content');
      expect(await content('meta[name=description]')).toBe(DESCRIPTION);
      expect(await content('meta[property="og:type"]')).toBe('article');
      expect(await content('meta[property="og:title"]')).toBe(TITLE);
      expect(await content('meta[property="og:url"]')).toBe(`${BASE_URL}/article/${slug}`);
      expect(await page.getAttribute('link[rel=canonical]', 'href')).toBe(
        `${BASE_URL}/article/${slug}`,
      );
      // In the page's main landmark, as a list page's (axe's landmark-one-main).
      const article = page.locator('#q-app > main > article');
      expect(await article.locator('h1').textContent()).toBe(TITLE);
      expect(await article.locator('h2#wings').textContent()).toBe('Wings');
      expect(await article.locator('strong').textContent()).toBe('care');
      expect(await article.textContent()).toContain(DESCRIPTION);
      expect(await page.locator('#q-app script').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('is the app once JavaScript runs: the article page, with the pre-rendered content gone', async () => {
    const slug = await publishArticle();
    const { page } = site;
    expect((await page.goto(`/article/${slug}`))?.status()).toBe(200);
    await hasText(page.locator('[data-test=article-title]'), TITLE);
    await hasText(page.locator('[data-test=article-body] strong'), 'care');
    expect(await page.locator('[data-prerendered]').count()).toBe(0);
    expect(await page.locator(`h1:has-text("${TITLE}")`).count()).toBe(1);
    expect(await page.locator('h2#wings:has-text("Wings")').count()).toBe(1);
    expect(await page.title()).toContain(TITLE);
  });
});
