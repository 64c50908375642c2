import { JSDOM } from 'jsdom';
import { registerUser, setRole } from './support/auth-factory';
import { BUILT_INDEX, bootWithSite, writeBuiltSite } from './support/built-site';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { createTestDatabase, TestApp, TestDatabase } from './support/test-app';

const PUBLIC_URL = 'https://blog.example.com';
/** What a link preview bot sends: it runs no JavaScript. */
const CRAWLER = { 'User-Agent': 'facebookexternalhit/1.1', Accept: 'text/html' };

/** A static page's address as crawlers, link previews and readers without JavaScript read it. */
describe('a static page for crawlers and link previews', () => {
  let database: TestDatabase;
  let site: { root: string; remove(): void };
  let t: TestApp;
  let editorToken: string;

  const crawl = async (path: string) => {
    const response = await t.http().get(path).set(CRAWLER);
    return { response, doc: new JSDOM(response.text).window.document };
  };
  const meta = (doc: Document, selector: string) =>
    doc.querySelector(`meta[${selector}]`)?.getAttribute('content');
  const postPage = (page: object) =>
    t.as(editorToken).post('/api/pages').send({ page }).expect(201);

  beforeAll(async () => {
    database = await createTestDatabase();
    site = writeBuiltSite();
    t = await bootWithSite(database, site.root, {
      ...FAST_AUTH_ENV,
      APP_URL: PUBLIC_URL,
      SITE_TITLE: 'Folio Test',
    });
    const editor = await registerUser(t);
    await setRole(t, editor.id, 'editor');
    editorToken = editor.token;
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
    site?.remove();
  });

  it('has its head (title, description from its text, canonical URL, JSON-LD) and its content', async () => {
    await postPage({
      title: 'About <us>',
      slug: 'about',
      body: '## Who we are\n\nWe write about **trains** and [our blog](/). <script>alert(1)</script>',
      status: 'published',
    });
    const { response, doc } = await crawl('/page/about');
    expect(response.status).toBe(200);
    expect(doc.title).toBe('About <us> — Folio Test');
    expect(meta(doc, 'property="og:title"')).toBe('About <us>');
    expect(meta(doc, 'property="og:type"')).toBe('website');
    expect(meta(doc, 'property="og:url"')).toBe(`${PUBLIC_URL}/page/about`);
    expect(meta(doc, 'name="description"')).toBe('Who we are We write about trains and our blog.');
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      `${PUBLIC_URL}/page/about`,
    );
    const jsonLd = JSON.parse(
      doc.querySelector('script[type="application/ld+json"]')?.textContent ?? 'null',
    ) as Record<string, unknown>;
    expect(jsonLd).toMatchObject({ '@type': 'WebPage', name: 'About <us>' });

    const main = doc.querySelector('#q-app main[data-prerendered="page"]');
    expect(main?.querySelector('h1')?.textContent).toBe('About <us>');
    expect(main?.querySelector('h2')?.textContent).toBe('Who we are');
    expect(main?.querySelector('strong')?.textContent).toBe('trains');
    // The author's script is text at most, never an element.
    expect(doc.querySelectorAll('#q-app script')).toHaveLength(0);
    expect(response.text).not.toContain('<script>alert(1)</script>');
    // Any case and a final slash, as the app's router takes them.
    expect((await crawl('/PAGE/about/')).response.status).toBe(200);
  });

  it('a draft, a missing page or an article slug answer 404 with the bare shell', async () => {
    await postPage({ title: 'Unfinished', body: 'Soon.' });
    const article = await createArticle(t, editorToken, { title: 'An article, not a page' });
    for (const path of ['/page/unfinished', '/page/nothing-here', `/page/${article.slug}`]) {
      const { response } = await crawl(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.text).toBe(BUILT_INDEX);
    }
  });

  it("Ghost's address of a page (/about/) moves to it; an article of that slug wins", async () => {
    await postPage({ title: 'Contact', body: 'Write to us.', status: 'published' });
    const moved = await t.http().get('/contact/').set(CRAWLER);
    expect([moved.status, moved.headers.location]).toEqual([301, '/page/contact']);
    // Ghost gives posts and pages one set of slugs; here an article may share a page's.
    const article = await createArticle(t, editorToken, { title: 'Colophon' });
    await postPage({ title: 'Colophon', body: 'Set in type.', status: 'published' });
    const both = await t.http().get(`/${article.slug}/`).set(CRAWLER);
    expect([both.status, both.headers.location]).toEqual([301, `/article/${article.slug}`]);
  });
});
