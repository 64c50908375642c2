import { JSDOM } from 'jsdom';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser, setRole } from './support/auth-factory';
import { BUILT_INDEX, bootWithSite, writeBuiltSite } from './support/built-site';
import { attach, makeImage } from './support/media-images';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { createTestDatabase, TestApp, TestDatabase } from './support/test-app';

const PUBLIC_URL = 'https://blog.example.com';
const MEDIA_DIR = mkdtempSync(join(tmpdir(), 'folio-static-page-media-'));
afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));
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
      MEDIA_DIR,
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

  it('uses its own description and cover (with alt and caption) as an article does', async () => {
    await postPage({
      title: 'Our crew',
      slug: 'crew',
      body: 'The start of the text, not the description.',
      description: 'Who writes <this> blog, and why.',
      coverImage: 'https://images.example.com/crew.png',
      coverImageAlt: 'The crew on a "platform"',
      coverImageCaption: 'Photo by <Ann>',
      status: 'published',
    });
    const { doc } = await crawl('/page/crew');
    expect(meta(doc, 'name="description"')).toBe('Who writes <this> blog, and why.');
    expect(meta(doc, 'property="og:description"')).toBe('Who writes <this> blog, and why.');
    expect(meta(doc, 'property="og:image"')).toBe('https://images.example.com/crew.png');
    expect(meta(doc, 'property="og:image:alt"')).toBe('The crew on a "platform"');
    expect(meta(doc, 'name="twitter:card"')).toBe('summary_large_image');
    expect(meta(doc, 'name="twitter:image"')).toBe('https://images.example.com/crew.png');
    expect(meta(doc, 'name="twitter:image:alt"')).toBe('The crew on a "platform"');
    const jsonLd = JSON.parse(
      doc.querySelector('script[type="application/ld+json"]')?.textContent ?? 'null',
    ) as Record<string, unknown>;
    expect(jsonLd).toMatchObject({
      '@type': 'WebPage',
      description: 'Who writes <this> blog, and why.',
      image: 'https://images.example.com/crew.png',
    });
    // The cover above the text, described and captioned, as an article's.
    const figure = doc.querySelector('#q-app main[data-prerendered="page"] h1 + figure');
    expect(figure?.querySelector('img')?.getAttribute('src')).toBe(
      'https://images.example.com/crew.png',
    );
    expect(figure?.querySelector('img')?.getAttribute('alt')).toBe('The crew on a "platform"');
    expect(figure?.querySelector('figcaption')?.textContent).toBe('Photo by <Ann>');

    // An upload as its cover: its type and pixels too, so previews lay out before loading it.
    const upload = await attach(t.as(editorToken), await makeImage(1200, 800, 'jpeg')).expect(201);
    const cover = (upload.body as { media: { url: string } }).media.url;
    await t
      .as(editorToken)
      .put('/api/pages/crew')
      .send({ page: { coverImage: cover, coverImageAlt: null, coverImageCaption: null } })
      .expect(200);
    const uploaded = (await crawl('/page/crew')).doc;
    expect(
      ['og:image', 'og:image:type', 'og:image:width', 'og:image:height', 'og:image:alt'].map(
        (name) => meta(uploaded, `property="${name}"`),
      ),
    ).toEqual([cover, 'image/jpeg', '1200', '800', undefined]);
    const plain = uploaded.querySelector('#q-app main figure');
    expect(plain?.querySelector('img')?.getAttribute('alt')).toBe('');
    expect(plain?.querySelector('figcaption')).toBeNull();
  });

  it('without a description or cover: the start of its text, and no image or figure', async () => {
    await postPage({ title: 'Plain', body: 'Only **text** here.', status: 'published' });
    const { doc } = await crawl('/page/plain');
    expect(meta(doc, 'name="description"')).toBe('Only text here.');
    expect(meta(doc, 'property="og:image"')).toBeUndefined();
    expect(meta(doc, 'name="twitter:card"')).toBe('summary');
    expect(doc.querySelector('#q-app figure')).toBeNull();
  });
});
