import { JSDOM } from 'jsdom';
import { SiteConfig } from '../../config/site-config';
import { PublishedArticle } from '../posts/article-pages.service';
import { jsonForScript } from '../../common/html-escape';
import { renderHead } from './page-head';
import { PageHeads, shortDescription } from './page-heads';

const HOSTILE = `"><script>alert(1)</script></title><!-- '&amp;`;
const CLOSER = '</script><script>alert(2)</script>';

const site: SiteConfig = {
  signups: 'open',
  publicUrl: 'https://blog.example.com',
  title: 'Folio',
  description: 'Stories',
  language: 'en',
  feedItems: 20,
  indexing: true,
};

function article(overrides: Partial<PublishedArticle> = {}): PublishedArticle {
  return {
    slug: 'a-slug',
    title: 'A title',
    description: 'A description',
    body: 'Body',
    coverImage: null,
    coverImageAlt: null,
    coverImageCaption: null,
    publishedAt: new Date('2026-01-02T03:04:05.000Z'),
    updatedAt: new Date('2026-02-03T04:05:06.000Z'),
    tags: ['dragons', 'nest'],
    category: { slug: 'news', name: 'News' },
    author: { username: 'ann', bio: null, image: 'https://img.example.com/ann.png' },
    ...overrides,
  };
}

/** The head as a browser (and a crawler) parses it. */
function parse(head: string): Document {
  return new JSDOM(`<!doctype html><html><head>${head}</head><body></body></html>`).window.document;
}

const content = (doc: Document, selector: string) =>
  doc.querySelector(selector)?.getAttribute('content');
const all = (doc: Document, selector: string) =>
  [...doc.querySelectorAll(selector)].map((e) => e.getAttribute('content'));
const jsonLd = (doc: Document): Record<string, unknown> =>
  JSON.parse(
    doc.querySelector('script[type="application/ld+json"]')?.textContent ?? 'null',
  ) as Record<string, unknown>;

describe('an article page head', () => {
  it('shows the cover large in link previews, the author’s picture without one', () => {
    const cover = 'https://blog.example.com/media/0b6f/1280.jpeg';
    const doc = parse(renderHead(new PageHeads(site).article(article({ coverImage: cover }))));
    expect(content(doc, 'meta[property="og:image"]')).toBe(cover);
    expect(content(doc, 'meta[name="twitter:card"]')).toBe('summary_large_image');
    // Not an upload whose size is known: no dimensions are made up.
    expect(doc.querySelector('meta[property="og:image:width"]')).toBeNull();
  });

  it('gives an uploaded image’s type and pixels, so a preview lays out before loading it', () => {
    const cover = 'https://blog.example.com/media/0b6f/1280.jpeg';
    const head = new PageHeads(site).article(article({ coverImage: cover }));
    const doc = parse(
      renderHead({ ...head, imageFacts: { width: 1280, height: 720, contentType: 'image/jpeg' } }),
    );
    expect(
      ['og:image', 'og:image:type', 'og:image:width', 'og:image:height'].map((name) =>
        content(doc, `meta[property="${name}"]`),
      ),
    ).toEqual([cover, 'image/jpeg', '1280', '720']);
  });

  it('says what the article is: title, description, canonical URL, Open Graph, Twitter, feeds', () => {
    const doc = parse(renderHead(new PageHeads(site).article(article())));
    expect(doc.title).toBe('A title — Folio');
    expect(content(doc, 'meta[name=description]')).toBe('A description');
    const canonical = 'https://blog.example.com/article/a-slug';
    expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(canonical);
    expect(content(doc, 'meta[property="og:type"]')).toBe('article');
    expect(content(doc, 'meta[property="og:title"]')).toBe('A title');
    expect(content(doc, 'meta[property="og:url"]')).toBe(canonical);
    expect(content(doc, 'meta[property="og:site_name"]')).toBe('Folio');
    expect(content(doc, 'meta[property="og:image"]')).toBe('https://img.example.com/ann.png');
    expect(content(doc, 'meta[property="article:published_time"]')).toBe(
      '2026-01-02T03:04:05.000Z',
    );
    expect(content(doc, 'meta[property="article:modified_time"]')).toBe('2026-02-03T04:05:06.000Z');
    expect(content(doc, 'meta[property="article:author"]')).toBe(
      'https://blog.example.com/profile/ann',
    );
    expect(all(doc, 'meta[property="article:tag"]')).toEqual(['dragons', 'nest']);
    expect(content(doc, 'meta[name="twitter:card"]')).toBe('summary');
    expect(doc.querySelector('meta[name=robots]')).toBeNull();
    const feeds = [...doc.querySelectorAll('link[rel=alternate]')].map((l) =>
      l.getAttribute('href'),
    );
    expect(feeds).toEqual([
      'https://blog.example.com/rss.xml',
      'https://blog.example.com/atom.xml',
      'https://blog.example.com/feed.json',
      'https://blog.example.com/profile/ann/rss.xml',
      'https://blog.example.com/profile/ann/atom.xml',
      'https://blog.example.com/profile/ann/feed.json',
    ]);
    expect(jsonLd(doc)).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'BlogPosting',
      headline: 'A title',
      description: 'A description',
      datePublished: '2026-01-02T03:04:05.000Z',
      dateModified: '2026-02-03T04:05:06.000Z',
      author: { '@type': 'Person', name: 'ann', url: 'https://blog.example.com/profile/ann' },
      mainEntityOfPage: { '@type': 'WebPage', '@id': canonical },
      keywords: ['dragons', 'nest'],
    });
  });

  it('keeps hostile text as text in elements, attributes and JSON-LD', () => {
    const hostile = article({
      title: HOSTILE,
      description: CLOSER,
      slug: 'x"><script>',
      tags: [HOSTILE, CLOSER],
      author: { username: `a"b<c`, bio: null, image: `javascript:alert(1)` },
    });
    const head = renderHead(new PageHeads(site).article(hostile));
    expect(head).not.toContain('<script>');
    expect(head).not.toMatch(/<\/script>(?!$)/);
    const doc = parse(head);
    expect(doc.title).toBe(`${HOSTILE} — Folio`);
    expect(content(doc, 'meta[property="og:title"]')).toBe(HOSTILE);
    expect(content(doc, 'meta[name=description]')).toBe(CLOSER);
    expect(all(doc, 'meta[property="article:tag"]')).toEqual([HOSTILE, CLOSER]);
    // Only the JSON-LD block is a script, and it parses back to the raw strings.
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    expect(jsonLd(doc)).toMatchObject({ headline: HOSTILE, description: CLOSER });
    expect(jsonLd(doc).keywords).toEqual([HOSTILE, CLOSER]);
    // A javascript: picture is no picture; the slug is one path segment.
    expect(doc.querySelector('meta[property="og:image"]')).toBeNull();
    expect(doc.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(
      'https://blog.example.com/article/x%22%3E%3Cscript%3E',
    );
  });

  it('asks not to be indexed when the site is not to be', () => {
    const doc = parse(renderHead(new PageHeads({ ...site, indexing: false }).article(article())));
    expect(content(doc, 'meta[name=robots]')).toBe('noindex');
  });
});

describe('list page heads', () => {
  const page = {
    key: 'ann',
    name: 'ann',
    about: 'Writes about <dragons>',
    image: '/avatars/ann.png',
    articles: [
      {
        slug: 'first',
        title: 'First',
        description: '',
        publishedAt: new Date('2026-01-01T00:00:00.000Z'),
        authorUsername: 'ann',
      },
    ],
  };

  it('describes a profile as a Person, with the author feeds and a relative picture made absolute', () => {
    const doc = parse(renderHead(new PageHeads(site).profile(page)));
    expect(doc.title).toBe('ann — Folio');
    expect(content(doc, 'meta[name=description]')).toBe('Writes about <dragons>');
    expect(content(doc, 'meta[property="og:type"]')).toBe('profile');
    expect(content(doc, 'meta[property="og:image"]')).toBe(
      'https://blog.example.com/avatars/ann.png',
    );
    expect(jsonLd(doc)).toMatchObject({ '@type': 'Person', name: 'ann' });
    const feeds = [...doc.querySelectorAll('link[type="application/rss+xml"]')];
    expect(feeds.map((l) => l.getAttribute('href'))).toEqual([
      'https://blog.example.com/rss.xml',
      'https://blog.example.com/profile/ann/rss.xml',
    ]);
  });

  it('describes the home page as the site and its blog', () => {
    const home = { key: null, name: null, about: null, image: null, articles: page.articles };
    const doc = parse(renderHead(new PageHeads(site).home(home)));
    expect(doc.title).toBe('Folio');
    expect(content(doc, 'meta[property="og:type"]')).toBe('website');
    expect(content(doc, 'meta[property="og:url"]')).toBe('https://blog.example.com/');
    const graph = jsonLd(doc)['@graph'] as Record<string, unknown>[];
    expect(graph.map((node) => node['@type'])).toEqual(['WebSite', 'Blog']);
    expect(graph[1].blogPost).toEqual([
      expect.objectContaining({ url: 'https://blog.example.com/article/first' }),
    ]);
  });

  it('shows the site image (SITE_IMAGE) large on list pages and for an article without a cover', () => {
    const heads = new PageHeads({ ...site, image: 'https://blog.example.com/media/m/1280.webp' });
    const home = { key: null, name: null, about: null, image: null, articles: page.articles };
    for (const head of [heads.home(home), heads.tag({ ...page, key: 'nest', name: 'nest' })]) {
      const doc = parse(renderHead(head));
      expect(content(doc, 'meta[property="og:image"]')).toBe(
        'https://blog.example.com/media/m/1280.webp',
      );
      expect(content(doc, 'meta[name="twitter:card"]')).toBe('summary_large_image');
    }
    // Before the author's picture; its cover (and what that shows) before both.
    const bare = parse(renderHead(heads.article(article({ coverImageAlt: 'stale' }))));
    expect(content(bare, 'meta[property="og:image"]')).toBe(
      'https://blog.example.com/media/m/1280.webp',
    );
    expect(bare.querySelector('meta[property="og:image:alt"]')).toBeNull();
    const covered = parse(
      renderHead(
        heads.article(article({ coverImage: 'https://img.example.com/c.png', coverImageAlt: 'C' })),
      ),
    );
    expect(content(covered, 'meta[property="og:image"]')).toBe('https://img.example.com/c.png');
    expect(content(covered, 'meta[property="og:image:alt"]')).toBe('C');
    // Without SITE_IMAGE a list page has no image, as before.
    const plain = parse(renderHead(new PageHeads(site).home(home)));
    expect(plain.querySelector('meta[property="og:image"]')).toBeNull();
  });

  it('describes tag and category pages as collections, at their own addresses', () => {
    const heads = new PageHeads(site);
    const tag = parse(renderHead(heads.tag({ ...page, key: 'c++ & co', name: 'c++ & co' })));
    expect(tag.title).toBe('#c++ & co — Folio');
    expect(tag.querySelector('link[rel=canonical]')?.getAttribute('href')).toBe(
      'https://blog.example.com/tag/c%2B%2B%20%26%20co',
    );
    expect(jsonLd(tag)['@type']).toBe('CollectionPage');
    const category = parse(renderHead(heads.category({ ...page, key: 'news', name: 'News' })));
    expect(category.title).toBe('News — Folio');
    expect(content(category, 'meta[property="og:url"]')).toBe(
      'https://blog.example.com/category/news',
    );
  });
});

describe('jsonForScript', () => {
  it('writes no < or > so nothing closes the script, and parses back to the value', () => {
    const value = { a: CLOSER, b: '<!-- x -->', c: 'a\u2028b & c' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('shortDescription', () => {
  it('makes one line and cuts a long text at a word', () => {
    expect(shortDescription(' two\n lines ')).toBe('two lines');
    const cut = shortDescription('word '.repeat(100));
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(cut).toMatch(/word…$/);
  });
});
