import { JSDOM } from 'jsdom';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSuperuser, RegisteredUser, registerUser } from './support/auth-factory';
import { BUILT_INDEX, bootWithSite, writeBuiltSite } from './support/built-site';
import { attach, makeImage } from './support/media-images';
import {
  createArticle,
  createCategory,
  CreatedArticle,
  FAST_AUTH_ENV,
  unseenArticles,
} from './support/posts-factory';
import { createTestDatabase, TestApp, TestDatabase } from './support/test-app';

const PUBLIC_URL = 'https://blog.example.com';
const MEDIA_DIR = mkdtempSync(join(tmpdir(), 'folio-pages-media-'));
afterAll(() => rmSync(MEDIA_DIR, { recursive: true, force: true }));
const ENV = {
  ...FAST_AUTH_ENV,
  APP_URL: PUBLIC_URL,
  SITE_TITLE: 'Folio Test',
  SITE_LANGUAGE: 'de-AT',
  SITE_IMAGE: '/media/share/1280.webp',
  MEDIA_DIR,
};
/** What a link preview bot sends: it runs no JavaScript. */
const CRAWLER = { 'User-Agent': 'facebookexternalhit/1.1', Accept: 'text/html' };
const HOSTILE_TITLE = `"><script>alert(1)</script><!-- x`;
const BODY = [
  '# Dragons',
  '',
  'Why **Nest** dragons fly. <script>window.pwned = 1</script>',
  '<img src="x" onerror="alert(2)"> [link](javascript:alert(3))',
].join('\n');

interface Fetched {
  status: number;
  text: string;
  headers: Record<string, string>;
  doc: Document;
}

describe('pages with real HTML heads', () => {
  let database: TestDatabase;
  let site: { root: string; remove(): void };
  let t: TestApp;
  let ann: RegisteredUser;
  let gone: RegisteredUser;
  let article: CreatedArticle;
  let hostile: CreatedArticle;
  let draft: CreatedArticle;
  let scheduled: CreatedArticle;
  let goneArticle: CreatedArticle;
  let category: { slug: string; name: string };

  async function crawl(path: string, app: TestApp = t): Promise<Fetched> {
    const res = await app.http().get(path).set(CRAWLER);
    const doc = new JSDOM(res.text).window.document;
    return { status: res.status, text: res.text, headers: res.headers, doc };
  }

  const meta = (doc: Document, selector: string) =>
    doc.querySelector(`meta[${selector}]`)?.getAttribute('content');
  const jsonLd = (doc: Document): Record<string, unknown> =>
    JSON.parse(
      doc.querySelector('script[type="application/ld+json"]')?.textContent ?? 'null',
    ) as Record<string, unknown>;
  const app = (doc: Document) => doc.querySelector('#q-app') as HTMLElement;

  beforeAll(async () => {
    database = await createTestDatabase();
    site = writeBuiltSite();
    t = await bootWithSite(database, site.root, ENV);
    ann = await registerUser(t, { username: 'ann_writes' });
    gone = await registerUser(t);
    await makeSuperuser(t, ann.id);
    await t.dataSource.query(`UPDATE users SET bio = 'Writes <b>about</b> dragons' WHERE id = $1`, [
      ann.id,
    ]);
    category = await createCategory(t, ann.token, 'Field Notes');
    article = await createArticle(t, ann.token, {
      title: 'How dragons fly',
      description: 'A short study of wings',
      body: BODY,
      tagList: ['dragons', 'flight'],
      category: category.slug,
    });
    hostile = await createArticle(t, ann.token, {
      title: HOSTILE_TITLE,
      description: HOSTILE_TITLE,
    });
    ({ draft, scheduled, goneArticle } = await unseenArticles(t, ann, gone, {
      tagList: ['only-drafts'],
    }));
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
    site?.remove();
  });

  it('answers an article page with its head: title, description, canonical, Open Graph, Twitter, JSON-LD', async () => {
    const { status, headers, doc } = await crawl(`/article/${article.slug}`);
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(headers['cache-control']).toBe('no-cache');
    const canonical = `${PUBLIC_URL}/article/${article.slug}`;
    expect(doc.title).toBe('How dragons fly — Folio Test');
    // The articles' language (SITE_LANGUAGE) in place of the build's `en`.
    expect(doc.documentElement.getAttribute('lang')).toBe('de-AT');
    // The build's title and description are replaced, not repeated.
    expect(doc.querySelectorAll('title')).toHaveLength(1);
    expect(doc.querySelectorAll('meta[name=description]')).toHaveLength(1);
    expect(meta(doc, 'name=description')).toBe('A short study of wings');
    expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(canonical);
    expect(meta(doc, 'property="og:type"')).toBe('article');
    expect(meta(doc, 'property="og:title"')).toBe('How dragons fly');
    expect(meta(doc, 'property="og:description"')).toBe('A short study of wings');
    expect(meta(doc, 'property="og:url"')).toBe(canonical);
    expect(meta(doc, 'property="og:site_name"')).toBe('Folio Test');
    expect(meta(doc, 'property="article:published_time"')).toBe(article.publishedAt);
    expect(meta(doc, 'property="article:author"')).toBe(`${PUBLIC_URL}/profile/ann_writes`);
    expect(meta(doc, 'property="article:section"')).toBe('Field Notes');
    const tags = [...doc.querySelectorAll('meta[property="article:tag"]')];
    expect(tags.map((tag) => tag.getAttribute('content'))).toEqual(['dragons', 'flight']);
    // No cover: the site's share image (SITE_IMAGE) stands in, large.
    expect(meta(doc, 'name="twitter:card"')).toBe('summary_large_image');
    expect(meta(doc, 'property="og:image"')).toBe(`${PUBLIC_URL}/media/share/1280.webp`);
    expect(meta(doc, 'name="twitter:title"')).toBe('How dragons fly');
    expect(doc.querySelector('meta[name=robots]')).toBeNull();
    const feeds = [...doc.querySelectorAll('link[rel=alternate][type="application/rss+xml"]')];
    expect(feeds.map((link) => link.getAttribute('href'))).toEqual([
      `${PUBLIC_URL}/rss.xml`,
      `${PUBLIC_URL}/profile/ann_writes/rss.xml`,
    ]);
    expect(jsonLd(doc)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: 'How dragons fly',
      description: 'A short study of wings',
      datePublished: article.publishedAt,
      dateModified: article.updatedAt,
      author: { '@type': 'Person', name: 'ann_writes', url: `${PUBLIC_URL}/profile/ann_writes` },
      mainEntityOfPage: { '@id': canonical },
      keywords: ['dragons', 'flight'],
    });
    // The app's own entry script is still there to take over.
    expect(doc.querySelector('script[src="/assets/index-1234.js"]')).not.toBeNull();
  });

  it('gives an uploaded cover’s type and pixels (og:image:type, width, height): previews lay out before loading it', async () => {
    const upload = await attach(t.as(ann.token), await makeImage(1500, 1000, 'jpeg')).expect(201);
    const cover = (upload.body as { media: { url: string } }).media.url;
    const withCover = await createArticle(t, ann.token, { coverImage: cover });
    const { doc } = await crawl(`/article/${withCover.slug}`);
    expect(
      ['og:image', 'og:image:type', 'og:image:width', 'og:image:height'].map((name) =>
        meta(doc, `property="${name}"`),
      ),
    ).toEqual([cover, 'image/jpeg', '1500', '1000']);
    // A cover on another host: no made-up dimensions.
    const elsewhere = await createArticle(t, ann.token, {
      coverImage: 'https://images.example.com/covers/dragon.png',
    });
    const other = (await crawl(`/article/${elsewhere.slug}`)).doc;
    expect(meta(other, 'property="og:image"')).toBe('https://images.example.com/covers/dragon.png');
    expect(meta(other, 'property="og:image:width"')).toBeUndefined();
    expect(meta(other, 'property="og:image:alt"')).toBeUndefined();
    // Described and captioned by its author: in the previews' alt and in the page's figure.
    const described = await createArticle(t, ann.token, {
      coverImage: 'https://images.example.com/covers/lighthouse.png',
      coverImageAlt: 'A lighthouse at "dusk"',
      coverImageCaption: 'Photo by <Ann>',
    });
    const page = (await crawl(`/article/${described.slug}`)).doc;
    expect(meta(page, 'property="og:image:alt"')).toBe('A lighthouse at "dusk"');
    expect(meta(page, 'name="twitter:image:alt"')).toBe('A lighthouse at "dusk"');
    const figure = app(page).querySelector('article figure');
    expect(figure?.querySelector('img')?.getAttribute('alt')).toBe('A lighthouse at "dusk"');
    expect(figure?.querySelector('figcaption')?.textContent).toBe('Photo by <Ann>');
    // The other tests count the home page's articles.
    for (const { slug } of [withCover, elsewhere, described]) {
      await t.as(ann.token).delete(`/api/articles/${slug}`).expect(204);
    }
  });

  it('puts the article for readers without JavaScript in the mount point, rendered and sanitized', async () => {
    const { doc } = await crawl(`/article/${article.slug}`);
    const content = app(doc);
    expect(content.querySelector('h1')?.textContent).toBe('How dragons fly');
    expect(content.textContent).toContain('A short study of wings');
    expect(content.querySelector('a[rel=author]')?.textContent).toBe('ann_writes');
    expect(content.querySelector('time')?.getAttribute('datetime')).toBe(article.publishedAt);
    // The body as the web app's renderer makes it: markdown to HTML, then DOMPurify.
    // The page's one h1 is the title: the body's `# Dragons` is an h2, with an id to link to.
    expect(content.querySelectorAll('h1')).toHaveLength(1);
    const heading = content.querySelector('article h1 + p + p + div h2');
    expect([heading?.textContent, heading?.id]).toEqual(['Dragons', 'dragons']);
    expect(content.querySelector('strong')?.textContent).toBe('Nest');
    expect(content.querySelectorAll('script')).toHaveLength(0);
    expect(content.innerHTML).not.toMatch(/onerror|javascript:|pwned/);
    // Scripts in the whole page: the app's entry and the JSON-LD block, nothing else.
    expect(doc.querySelectorAll('script')).toHaveLength(2);
  });

  it('keeps a hostile title text in the title, the attributes, the JSON-LD and the content', async () => {
    const { status, text, doc } = await crawl(`/article/${hostile.slug}`);
    expect(status).toBe(200);
    expect(text).not.toContain('<script>alert(1)');
    expect(doc.title).toBe(`${HOSTILE_TITLE} — Folio Test`);
    expect(meta(doc, 'property="og:title"')).toBe(HOSTILE_TITLE);
    expect(meta(doc, 'name=description')).toBe(HOSTILE_TITLE);
    expect(jsonLd(doc).headline).toBe(HOSTILE_TITLE);
    expect(app(doc).querySelector('h1')?.textContent).toBe(HOSTILE_TITLE);
    expect(doc.querySelectorAll('script')).toHaveLength(2);
  });

  it('answers 304 to a repeat with the ETag, and reads the address in any case', async () => {
    const first = await t.http().get(`/article/${article.slug}`).set(CRAWLER).expect(200);
    expect(first.headers.etag).toMatch(/^"[\w-]+"$/);
    await t
      .http()
      .get(`/article/${article.slug}`)
      .set({ ...CRAWLER, 'If-None-Match': first.headers.etag })
      .expect(304);
    const upper = await crawl(`/ARTICLE/${article.slug}/`);
    expect(upper.status).toBe(200);
    expect(upper.doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(
      `${PUBLIC_URL}/article/${article.slug}`,
    );
  });

  it.each([
    ['a missing article', () => '/article/no-such-article'],
    ['a draft', () => `/article/${draft.slug}`],
    ['a scheduled article', () => `/article/${scheduled.slug}`],
    ["a deactivated author's article", () => `/article/${goneArticle.slug}`],
    ['an unknown profile', () => '/profile/nobody_here'],
    ["a deactivated author's profile", () => `/profile/${gone.username}`],
    ['a tag on drafts only', () => '/tag/only-drafts'],
    ['an unknown tag', () => '/tag/no-such-tag'],
    ['an unknown category', () => '/category/no-such-category'],
    // A NUL names nothing (PostgreSQL refuses it in text): not a 503 and an error in the log.
    ['an article address with a NUL', () => '/article/%00'],
    ['a profile address with a NUL', () => '/profile/a%00b'],
    ['a tag address with a NUL', () => '/tag/%00'],
    ['a category address with a NUL', () => '/category/%00'],
  ])('answers %s with 404 and the bare app shell', async (_what, path) => {
    const { status, text, headers } = await crawl(path());
    expect(status).toBe(404);
    expect(headers['content-type']).toMatch(/^text\/html/);
    expect(text).toBe(BUILT_INDEX);
  });

  it("gives frontends the blog's title and description as the pages have them (GET /api/site)", async () => {
    const { doc } = await crawl('/');
    const response = await t.http().get('/api/site').expect(200);
    expect(response.body).toEqual({
      site: {
        title: meta(doc, 'property="og:site_name"'),
        description: meta(doc, 'name=description'),
        url: PUBLIC_URL,
        language: 'de-AT',
        image: `${PUBLIC_URL}/media/share/1280.webp`,
        signups: 'open',
      },
    });
    // The share image of the home page's link previews.
    expect(meta(doc, 'property="og:image"')).toBe(`${PUBLIC_URL}/media/share/1280.webp`);
    expect(response.headers['cache-control']).toMatch(/^public/);
  });

  it('lists the newest public articles on the home page, with the site feeds', async () => {
    const { status, doc } = await crawl('/');
    expect(status).toBe(200);
    expect(doc.title).toBe('Folio Test');
    expect(meta(doc, 'property="og:type"')).toBe('website');
    expect(meta(doc, 'property="og:url"')).toBe(`${PUBLIC_URL}/`);
    const graph = jsonLd(doc)['@graph'] as { '@type': string }[];
    expect(graph.map((node) => node['@type'])).toEqual(['WebSite', 'Blog']);
    const links = [...app(doc).querySelectorAll('h2 a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual([`/article/${hostile.slug}`, `/article/${article.slug}`]);
    expect(app(doc).textContent).not.toMatch(/Secret draft|Gone author/);
    expect(doc.documentElement.getAttribute('lang')).toBe('de-AT');
  });

  it('gives the feeds the language the articles are written in (SITE_LANGUAGE)', async () => {
    const rss = await t.http().get('/rss.xml').expect(200);
    expect(rss.text).toContain('<language>de-AT</language>');
    const atom = await t.http().get('/atom.xml').expect(200);
    expect(atom.text).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-AT">');
    const json = await t.http().get('/feed.json').expect(200);
    expect(JSON.parse(json.text)).toMatchObject({ language: 'de-AT' });
  });

  it("answers an author's page as a profile, with the bio and the author's articles", async () => {
    const { status, doc } = await crawl('/profile/ANN_WRITES');
    expect(status).toBe(200);
    expect(doc.title).toBe('ann_writes — Folio Test');
    expect(meta(doc, 'name=description')).toBe('Writes <b>about</b> dragons');
    expect(meta(doc, 'property="og:type"')).toBe('profile');
    expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(
      `${PUBLIC_URL}/profile/ann_writes`,
    );
    expect(jsonLd(doc)).toMatchObject({ '@type': 'Person', name: 'ann_writes' });
    expect(app(doc).querySelectorAll('h2 a')).toHaveLength(2);
    expect(app(doc).querySelector('b')).toBeNull();
  });

  it('answers tag and category pages with their articles and feeds', async () => {
    const tag = await crawl('/tag/dragons');
    expect(tag.status).toBe(200);
    expect(tag.doc.title).toBe('#dragons — Folio Test');
    expect(jsonLd(tag.doc)['@type']).toBe('CollectionPage');
    expect([...app(tag.doc).querySelectorAll('h2 a')].map((a) => a.textContent)).toEqual([
      'How dragons fly',
    ]);
    const tagFeeds = [...tag.doc.querySelectorAll('link[rel=alternate]')].map((l) =>
      l.getAttribute('href'),
    );
    expect(tagFeeds).toContain(`${PUBLIC_URL}/tag/dragons/atom.xml`);
    const section = await crawl(`/category/${category.slug}`);
    expect(section.status).toBe(200);
    expect(section.doc.title).toBe('Field Notes — Folio Test');
    expect(meta(section.doc, 'property="og:url"')).toBe(`${PUBLIC_URL}/category/${category.slug}`);
    expect(app(section.doc).querySelectorAll('h2 a')).toHaveLength(1);
  });

  it('keeps the other site routes and unknown addresses as they were', async () => {
    const login = await t.http().get('/login').set(CRAWLER);
    expect([login.status, login.text]).toEqual([200, BUILT_INDEX]);
    const unknown = await t.http().get('/no/such/page').set(CRAWLER);
    expect([unknown.status, unknown.text]).toEqual([404, BUILT_INDEX]);
  });

  it('moves the old address of a renamed article permanently to the new one', async () => {
    const renamed = await createArticle(t, ann.token, { title: 'First working title' });
    const response = await t
      .as(ann.token)
      .put(`/api/articles/${renamed.slug}`)
      .send({ article: { title: 'Final title' } })
      .expect(200);
    const current = response.body.article.slug as string;
    const old = await t.http().get(`/article/${renamed.slug}`).set(CRAWLER).expect(301);
    expect(old.headers.location).toBe(`/article/${current}`);
    await t.http().get(old.headers.location).set(CRAWLER).expect(200);
    // Renamed twice: the first address still leads to the current one.
    const again = await t
      .as(ann.token)
      .put(`/api/articles/${current}`)
      .send({ article: { title: 'Truly final title' } })
      .expect(200);
    const first = await t.http().get(`/article/${renamed.slug}`).set(CRAWLER).expect(301);
    expect(first.headers.location).toBe(`/article/${again.body.article.slug as string}`);
  });

  describe('on a site not to be indexed (SITE_INDEXING=false)', () => {
    let staging: TestApp;
    beforeAll(async () => {
      staging = await bootWithSite(database, site.root, { ...ENV, SITE_INDEXING: 'false' });
    });
    afterAll(() => staging?.close());

    it('asks robots not to index each page', async () => {
      for (const path of ['/', `/article/${article.slug}`, '/profile/ann_writes', '/tag/dragons']) {
        const { status, doc } = await crawl(path, staging);
        expect([path, status, meta(doc, 'name=robots')]).toEqual([path, 200, 'noindex']);
      }
    });
  });
});
