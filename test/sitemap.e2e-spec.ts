import { JSDOM } from 'jsdom';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SITEMAP_PAGE_SIZE } from '../src/modules/syndication/syndication-settings.provider';
import { WEB_ROOT } from '../src/modules/web/web.module';
import {
  changeAccess,
  RegisteredUser,
  registerUser,
  useRegisteredUser,
} from './support/auth-factory';
import {
  createArticle,
  createCategory,
  CreatedArticle,
  FAST_AUTH_ENV,
} from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';
import { SyndicationRepository } from '../src/modules/posts/syndication.repository';

const SITE = 'https://blog.example.test';
const PAGE_SIZE = 3;
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** What a crawler sends (Googlebot asks for anything). */
const CRAWLER = { 'User-Agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)', Accept: '*/*' };
/** A GET as a crawler sends it. */
const crawlerGet = (t: TestApp, path: string) => t.http().get(path).set(CRAWLER);

/** A built web site, so that its catch-all (GET /* → the app's page) is there to lose to our routes. */
const webRoot = mkdtempSync(join(tmpdir(), 'folio-sitemap-web-'));
const SHELL = '<!doctype html>';
writeFileSync(join(webRoot, 'index.html'), `${SHELL}<title>Folio</title><div id="q-app"></div>`);
writeFileSync(join(webRoot, 'routes.json'), JSON.stringify({ patterns: ['/'] }));
afterAll(() => rmSync(webRoot, { recursive: true, force: true }));

function parse(text: string): Document {
  const document = new JSDOM(text, { contentType: 'text/xml' }).window.document;
  expect(document.getElementsByTagName('parsererror')).toHaveLength(0);
  expect(document.documentElement.namespaceURI).toBe(SITEMAP_NS);
  return document;
}

interface SitemapUrl {
  loc: string;
  lastmod?: string;
  /** The image:loc of its image:image (an article's cover). */
  image?: string;
}

const IMAGE_NS = 'http://www.google.com/schemas/sitemap-image/1.1';

/** The <url> or <sitemap> entries of a document, each with its loc and lastmod. */
function entries(document: Document, tag: 'url' | 'sitemap'): SitemapUrl[] {
  return [...document.getElementsByTagName(tag)].map((element) => {
    const text = (name: string) => element.getElementsByTagName(name)[0]?.textContent ?? undefined;
    const lastmod = text('lastmod');
    const image = element.getElementsByTagNameNS(IMAGE_NS, 'loc')[0]?.textContent;
    return { loc: text('loc') ?? '', ...(lastmod ? { lastmod } : {}), ...(image ? { image } : {}) };
  });
}

describe('sitemap and robots.txt', () => {
  const t = useTestApp(
    { ...FAST_AUTH_ENV, APP_URL: SITE },
    {
      overrides: [
        { provide: SITEMAP_PAGE_SIZE, useValue: PAGE_SIZE },
        { provide: WEB_ROOT, useValue: webRoot },
      ],
    },
  );
  const writer = useRegisteredUser(t);
  const admin = useRegisteredUser(t, { superuser: true });
  let second: RegisteredUser;
  let leaving: RegisteredUser;
  let draftsOnly: RegisteredUser;
  const visible: CreatedArticle[] = [];
  const invisible: CreatedArticle[] = [];
  let used: { slug: string };
  let unused: { slug: string };
  /** A published static page (About) and when it last changed. */
  let about: { slug: string; updatedAt: string };

  const get = (path: string) => crawlerGet(t, path);

  beforeAll(async () => {
    second = await registerUser(t);
    leaving = await registerUser(t);
    draftsOnly = await registerUser(t);
    used = await createCategory(t, admin.token);
    unused = await createCategory(t, admin.token);
    const page = (body: object) => t.as(admin.token).post('/api/pages').send({ page: body });
    about = (await page({ title: 'About', body: 'Us.', status: 'published' }).expect(201)).body
      .page as typeof about;
    await page({ title: 'Unfinished', body: 'Soon.' }).expect(201);
    for (let i = 0; i < 4; i++) {
      visible.push(
        await createArticle(t, writer.token, { tagList: ['kept'], category: used.slug }),
      );
      invisible.push(
        await createArticle(t, draftsOnly.token, {
          status: 'draft',
          tagList: ['draft-only'],
          category: unused.slug,
        }),
      );
      // One with a cover, which the sitemap gives for image search.
      const cover = i === 0 ? { coverImage: 'https://img.example.com/covers/sitemap.jpg' } : {};
      visible.push(await createArticle(t, second.token, cover));
    }
    const scheduled = await createArticle(t, writer.token, { tagList: ['soon'] });
    await t.dataSource.query(
      `UPDATE articles SET status = 'scheduled', published_at = now() + interval '1 day' WHERE slug = $1`,
      [scheduled.slug],
    );
    invisible.push(scheduled);
    invisible.push(await createArticle(t, leaving.token, { tagList: ['farewell'] }));
    await changeAccess(t, 'UPDATE users SET is_active = false WHERE id = $1', [leaving.id]);
  });

  /** The index, and every child it lists, as a crawler reads them. */
  async function crawl(): Promise<{ index: SitemapUrl[]; children: Map<string, SitemapUrl[]> }> {
    const response = await get('/sitemap.xml').expect(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const index = entries(parse(response.text), 'sitemap');
    const children = new Map<string, SitemapUrl[]>();
    for (const { loc } of index) {
      expect(loc.startsWith(`${SITE}/`)).toBe(true);
      const child = await get(new URL(loc).pathname).expect(200);
      expect(child.headers['content-type']).toBe('application/xml; charset=utf-8');
      children.set(new URL(loc).pathname, entries(parse(child.text), 'url'));
    }
    return { index, children };
  }

  it('is an index of children, each paged one at most the page size, whose article URLs are exactly the public articles with their lastmod', async () => {
    const { index, children } = await crawl();
    const names = index.map(({ loc }) => new URL(loc).pathname);
    expect(names[0]).toBe('/sitemap-pages.xml');
    const articleChildren = names.filter((name) => name.startsWith('/sitemap-articles-'));
    expect(articleChildren.length).toBeGreaterThanOrEqual(Math.ceil(visible.length / PAGE_SIZE));
    // The authors' and articles' children are paged; sitemap-pages.xml is one child.
    for (const [name, urls] of children) {
      if (name !== '/sitemap-pages.xml') expect(urls.length).toBeLessThanOrEqual(PAGE_SIZE);
    }

    const articleUrls = articleChildren.flatMap((name) => children.get(name) ?? []);
    const stored: { slug: string; updated_at: Date; cover_image: string | null }[] =
      await t.dataSource.query(
        'SELECT slug, updated_at, cover_image FROM articles WHERE slug = ANY($1)',
        [visible.map((article) => article.slug)],
      );
    expect(articleUrls.sort((a, b) => a.loc.localeCompare(b.loc))).toEqual(
      stored
        .map((row) => ({
          loc: `${SITE}/article/${row.slug}`,
          lastmod: row.updated_at.toISOString(),
          ...(row.cover_image ? { image: row.cover_image } : {}),
        }))
        .sort((a, b) => a.loc.localeCompare(b.loc)),
    );
    const everyUrl = [...children.values()].flat().map(({ loc }) => loc);
    for (const article of invisible) {
      expect(everyUrl).not.toContain(`${SITE}/article/${article.slug}`);
    }
    expect(new Set(everyUrl).size).toBe(everyUrl.length);
  });

  it('lists the active authors with a public article, the published pages, the categories and tags in use, and the home page', async () => {
    const { children } = await crawl();
    const authors = [...children.entries()]
      .filter(([name]) => name.startsWith('/sitemap-authors-'))
      .flatMap(([, urls]) => urls.map(({ loc }) => loc));
    expect(authors.sort()).toEqual(
      [writer, second].map((user) => `${SITE}/profile/${user.username}`).sort(),
    );
    expect(children.get('/sitemap-pages.xml')).toEqual([
      { loc: `${SITE}/` },
      // A draft page (unfinished) is not there.
      { loc: `${SITE}/page/${about.slug}`, lastmod: about.updatedAt },
      { loc: `${SITE}/category/${used.slug}` },
      { loc: `${SITE}/tag/kept` },
    ]);
  });

  it('answers 404 for a child that holds nothing, or a number written another way', async () => {
    for (const path of [
      '/sitemap-articles-999.xml',
      '/sitemap-articles-0.xml',
      '/sitemap-articles-01.xml',
      '/sitemap-articles-x.xml',
      '/sitemap-authors-999.xml',
    ]) {
      const response = await get(path).expect(404);
      expect(response.body).toEqual({ errors: { sitemap: ['not found'] } });
    }
  });

  it('answers a crawler’s conditional GET of the index with 304', async () => {
    const first = await get('/sitemap.xml').expect(200);
    expect(first.headers['cache-control']).toBe('public, max-age=3600, stale-while-revalidate=30');
    const etag = first.headers.etag;
    await get('/sitemap.xml').set('If-None-Match', etag).expect(304);
    await createArticle(t, second.token);
    const changed = await get('/sitemap.xml').set('If-None-Match', etag);
    // The new article may fall in a child already listed: the index changes only with its children.
    expect([200, 304]).toContain(changed.status);
  });

  it('robots.txt points at the sitemap and keeps crawlers out of the API and private pages', async () => {
    const response = await get('/robots.txt').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = response.text.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Disallow: /api/',
        'Disallow: /admin/',
        'Disallow: /editor',
        'Disallow: /settings',
        'Disallow: /preview',
        `Sitemap: ${SITE}/sitemap.xml`,
      ]),
    );
    expect(lines).not.toContain('Disallow: /');
  });

  it('wins over the web site’s catch-all, which still answers the site’s pages', async () => {
    for (const path of ['/robots.txt', '/sitemap.xml', '/rss.xml', '/sitemap-pages.xml']) {
      const response = await get(path).expect(200);
      expect(response.text).not.toContain(SHELL);
    }
    const page = await get('/').expect(200);
    expect(page.text).toContain(SHELL);
  });
});

describe('a sitemap child larger than one read (5,000 rows a statement)', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, APP_URL: SITE });
  const COUNT = 12_003;
  let author: RegisteredUser;

  beforeAll(async () => {
    author = await registerUser(t);
    await t.dataSource.query(
      `INSERT INTO articles (slug, title, description, body, status, published_at, author_id)
       SELECT 'bulk-' || i, 'Bulk ' || i, 'd', 'b', 'published', now() - i * interval '1 second', $1
       FROM generate_series(1, $2::int) i`,
      [author.id, COUNT],
    );
  });
  afterEach(() => jest.restoreAllMocks());

  it('streams every URL once, across its reads', async () => {
    const response = await crawlerGet(t, '/sitemap-articles-1.xml').expect(200);
    const urls = entries(parse(response.text), 'url').map(({ loc }) => loc);
    expect(urls).toHaveLength(COUNT);
    expect(new Set(urls).size).toBe(COUNT);
    expect(urls).toContain(`${SITE}/article/bulk-1`);
    expect(urls).toContain(`${SITE}/article/bulk-${COUNT}`);
  });

  it('ends the answer early, never hangs, when a read fails midway', async () => {
    const read = SyndicationRepository.prototype.sitemapChunk;
    let reads = 0;
    jest.spyOn(SyndicationRepository.prototype, 'sitemapChunk').mockImplementation(function (
      this: SyndicationRepository,
      ...args
    ) {
      reads += 1;
      if (reads === 2) return Promise.reject(new Error('connection lost'));
      return read.apply(this, args);
    });
    // A truncated XML (or a cut connection), which crawlers refuse: not a shorter sitemap that looks whole.
    const text = await crawlerGet(t, '/sitemap-articles-1.xml').then(
      (response) => response.text,
      () => '',
    );
    expect(reads).toBe(2);
    expect(text).not.toContain('</urlset>');
    // The app still answers.
    await crawlerGet(t, '/sitemap-articles-1.xml').expect(200);
  });
});

describe('robots.txt on a site that must not be indexed (SITE_INDEXING=false)', () => {
  const t = useTestApp({ APP_URL: SITE, SITE_INDEXING: 'false' });

  it('disallows everything', async () => {
    const response = await t.http().get('/robots.txt').set(CRAWLER).expect(200);
    expect(response.text).toBe('User-agent: *\nDisallow: /\n');
  });
});
