import { parseFeed } from '@rowanmanning/feed-parser';
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
import { ACCEPT, childText, children, FeedFile, xml } from './support/feed-documents';
import { useTestApp } from './support/test-app';

const SITE = 'https://blog.example.test';
const FEED_ITEMS = 4;
const ATOM_NS = 'http://www.w3.org/2005/Atom';
/** RFC 822 as RSS 2.0 dates it (four-digit years, as the W3C validator asks). */
const RFC_822 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const DANGEROUS_BODY = [
  'Intro with **bold** text.',
  '',
  '<script>alert("owned")</script>',
  '',
  '[click me](javascript:alert(1)) and <img src="x" onerror="alert(2)">',
].join('\n');

const COVER = 'https://images.example.com/covers/dragon.png';

describe('feeds (RSS, Atom, JSON Feed)', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, APP_URL: SITE, FEED_ITEMS: String(FEED_ITEMS) });
  const writer = useRegisteredUser(t);
  const admin = useRegisteredUser(t, { superuser: true });
  let other: RegisteredUser;
  let leaving: RegisteredUser;
  let category: { slug: string; name: string };
  /** The writer's published articles, oldest first. */
  const published: CreatedArticle[] = [];
  let dangerous: CreatedArticle;
  let draft: CreatedArticle;
  let scheduled: CreatedArticle;
  let gone: CreatedArticle;

  const get = (path: string, file: FeedFile = 'rss.xml') =>
    t.http().get(path).set('Accept', ACCEPT[file]);

  beforeAll(async () => {
    other = await registerUser(t);
    leaving = await registerUser(t);
    category = await createCategory(t, admin.token, 'Field Notes');
    dangerous = await createArticle(t, other.token, {
      title: 'Tom & Jerry <b>meet</b>',
      description: 'A chase & a "quote"',
      body: DANGEROUS_BODY,
      tagList: ['cartoons', 'c++', '<b>'],
      category: category.slug,
    });
    for (let i = 0; i < FEED_ITEMS + 1; i++) {
      // The newest has a cover.
      const coverImage = i === FEED_ITEMS ? COVER : undefined;
      published.push(await createArticle(t, writer.token, { tagList: ['notes'], coverImage }));
    }
    draft = await createArticle(t, writer.token, { status: 'draft', tagList: ['notes'] });
    // A scheduled article waits with a future publishedAt until a job publishes it.
    scheduled = await createArticle(t, writer.token, { tagList: ['notes'] });
    await t.dataSource.query(
      `UPDATE articles SET status = 'scheduled', published_at = now() + interval '1 day' WHERE slug = $1`,
      [scheduled.slug],
    );
    gone = await createArticle(t, leaving.token, {
      tagList: ['notes', 'farewell'],
      category: category.slug,
    });
    await changeAccess(t, 'UPDATE users SET is_active = false WHERE id = $1', [leaving.id]);
  });

  const newestFirst = () => [dangerous, ...published].reverse();
  const hidden = () => [draft, scheduled, gone].map((article) => article.slug);

  describe.each(['rss.xml', 'atom.xml'] as const)('%s', (file) => {
    it('lists the newest FEED_ITEMS public articles, each with its link, rendered content, author, categories and dates', async () => {
      const response = await get(`/${file}`, file).expect(200);
      const type = file === 'rss.xml' ? 'application/rss+xml' : 'application/atom+xml';
      expect(response.headers['content-type']).toBe(`${type}; charset=utf-8`);
      const feed = parseFeed(response.text);
      expect(feed.title).toBe('Folio');
      expect(feed.url).toBe(`${SITE}/`);
      expect(feed.self).toBe(`${SITE}/${file}`);
      const expected = newestFirst().slice(0, FEED_ITEMS);
      expect(feed.items.map((item) => item.url)).toEqual(
        expected.map((article) => `${SITE}/article/${article.slug}`),
      );
      for (const [i, item] of feed.items.entries()) {
        const article = expected[i];
        expect(item.title).toBe(article.title);
        expect(item.id).toBe(`${SITE}/article/${article.slug}`);
        expect(item.content).toContain(`<p>${article.body}</p>`);
        expect(item.authors.map((author) => author.name)).toEqual([writer.username]);
        expect(item.categories.map((c) => c.label ?? c.term)).toEqual(['notes']);
        // RSS dates have whole seconds.
        const publishedAt = Date.parse(article.publishedAt ?? '');
        expect(Math.abs((item.published?.getTime() ?? 0) - publishedAt)).toBeLessThan(1000);
        expect(item.updated ?? item.published).toBeInstanceOf(Date);
      }
      expect(feed.updated ?? feed.published).toBeInstanceOf(Date);
    });

    it('carries the body as sanitized HTML, and titles and tags with markup as text', async () => {
      const text = (await get(`/profile/${other.username}/${file}`, file).expect(200)).text;
      // Well-formed: a tag's `<` is escaped in Atom's category attributes too.
      xml(text);
      const feed = parseFeed(text);
      expect(feed.items).toHaveLength(1);
      const [item] = feed.items;
      expect(item.title).toBe('Tom & Jerry <b>meet</b>');
      expect(item.content).toContain('<strong>bold</strong>');
      expect(item.content).toContain('click me');
      expect(item.content).not.toMatch(/<script|javascript:|onerror/i);
      expect(item.categories.map((c) => c.label ?? c.term).sort()).toEqual(
        ['Field Notes', 'c++', 'cartoons', '<b>'].sort(),
      );
      expect(item.authors[0]?.url ?? `${SITE}/profile/${other.username}`).toBe(
        `${SITE}/profile/${other.username}`,
      );
    });

    it('never lists drafts, scheduled articles or a deactivated author’s articles', async () => {
      for (const path of [`/${file}`, `/tag/notes/${file}`, `/category/${category.slug}/${file}`]) {
        const feed = parseFeed((await get(path, file).expect(200)).text);
        const urls = feed.items.map((item) => item.url);
        for (const slug of hidden()) expect(urls).not.toContain(`${SITE}/article/${slug}`);
      }
    });
  });

  it('RSS keeps the W3C validator’s rules: channel elements, RFC 822 dates, atom:link self, unique guids, no bare author', async () => {
    const document = xml((await get('/rss.xml').expect(200)).text);
    const rss = document.documentElement;
    expect(rss.tagName).toBe('rss');
    expect(rss.getAttribute('version')).toBe('2.0');
    const [channel] = children(rss, 'channel');
    expect(childText(channel, 'title')).toBe('Folio');
    expect(childText(channel, 'link')).toBe(`${SITE}/`);
    expect(childText(channel, 'description')).toBeTruthy();
    expect(childText(channel, 'language')).toBe('en');
    expect(childText(channel, 'lastBuildDate')).toMatch(RFC_822);
    const self = [...channel.getElementsByTagNameNS(ATOM_NS, 'link')];
    expect(self.map((link) => [link.getAttribute('rel'), link.getAttribute('href')])).toEqual([
      ['self', `${SITE}/rss.xml`],
    ]);
    const items = children(channel, 'item');
    expect(items).toHaveLength(FEED_ITEMS);
    const guids = items.map((item) => childText(item, 'guid'));
    expect(new Set(guids).size).toBe(items.length);
    for (const item of items) {
      expect(childText(item, 'title')).toBeTruthy();
      expect(childText(item, 'link')).toMatch(new RegExp(`^${SITE}/article/`));
      // The guid is the article's permanent address, and says so (RSS 2.0: isPermaLink).
      const [guid] = children(item, 'guid');
      expect(guid.textContent).toBe(childText(item, 'link'));
      expect(guid.getAttribute('isPermaLink')).toBe('true');
      expect(childText(item, 'pubDate')).toMatch(RFC_822);
      // RSS's <author> must be an email address: the author is dc:creator instead.
      expect(children(item, 'author')).toHaveLength(0);
      expect(childText(item, 'dc:creator')).toBe(writer.username);
    }
  });

  it('Atom keeps the W3C validator’s rules: id, title, updated, self link; each entry id, title, RFC 3339 dates, author', async () => {
    const document = xml((await get('/atom.xml', 'atom.xml').expect(200)).text);
    const feed = document.documentElement;
    expect(feed.namespaceURI).toBe(ATOM_NS);
    expect(childText(feed, 'id')).toBe(`${SITE}/`);
    expect(childText(feed, 'title')).toBe('Folio');
    expect(childText(feed, 'updated')).toMatch(RFC_3339);
    const links = children(feed, 'link').map((l) => [
      l.getAttribute('rel'),
      l.getAttribute('href'),
    ]);
    expect(links).toEqual(
      expect.arrayContaining([
        ['self', `${SITE}/atom.xml`],
        ['alternate', `${SITE}/`],
      ]),
    );
    const entries = children(feed, 'entry');
    expect(entries).toHaveLength(FEED_ITEMS);
    expect(new Set(entries.map((entry) => childText(entry, 'id'))).size).toBe(entries.length);
    for (const entry of entries) {
      expect(childText(entry, 'id')).toMatch(new RegExp(`^${SITE}/article/`));
      expect(childText(entry, 'title')).toBeTruthy();
      expect(childText(entry, 'updated')).toMatch(RFC_3339);
      expect(childText(entry, 'published')).toMatch(RFC_3339);
      expect(childText(children(entry, 'author')[0], 'name')).toBe(writer.username);
      expect(children(entry, 'content')[0]?.getAttribute('type')).toBe('html');
    }
  });

  it('JSON Feed 1.1: the required fields, and every item with its id, URL, HTML, author, tags and dates', async () => {
    const response = await get('/feed.json', 'feed.json').expect(200);
    expect(response.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const feed = JSON.parse(response.text) as {
      version: string;
      title: string;
      home_page_url: string;
      feed_url: string;
      language: string;
      items: {
        id: string;
        url: string;
        title: string;
        content_html: string;
        date_published: string;
        date_modified: string;
        authors: { name: string; url: string }[];
        tags: string[];
      }[];
    };
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.title).toBe('Folio');
    expect(feed.home_page_url).toBe(`${SITE}/`);
    expect(feed.feed_url).toBe(`${SITE}/feed.json`);
    expect(feed.language).toBe('en');
    const expected = newestFirst().slice(0, FEED_ITEMS);
    expect(feed.items.map((item) => item.url)).toEqual(
      expected.map((article) => `${SITE}/article/${article.slug}`),
    );
    expect(new Set(feed.items.map((item) => item.id)).size).toBe(FEED_ITEMS);
    for (const [i, item] of feed.items.entries()) {
      expect(typeof item.id).toBe('string');
      expect(item.title).toBe(expected[i].title);
      expect(item.content_html).toContain(`<p>${expected[i].body}</p>`);
      expect(item.authors).toEqual([
        { name: writer.username, url: `${SITE}/profile/${writer.username}` },
      ]);
      expect(item.tags).toEqual(['notes']);
      expect(item.date_published).toMatch(RFC_3339);
      expect(item.date_modified).toMatch(RFC_3339);
    }
    const dangerousFeed = JSON.parse(
      (await get(`/tag/cartoons/feed.json`, 'feed.json').expect(200)).text,
    ) as typeof feed;
    expect(dangerousFeed.items.map((item) => item.title)).toEqual([dangerous.title]);
    expect(dangerousFeed.items[0].content_html).not.toMatch(/<script|javascript:|onerror/i);
    expect(dangerousFeed.items[0].tags.sort()).toEqual(
      ['Field Notes', 'c++', 'cartoons', '<b>'].sort(),
    );
  });

  it('carries an article’s cover: an RSS enclosure, an Atom enclosure link, a JSON Feed image', async () => {
    const newest = `${SITE}/article/${published[FEED_ITEMS].slug}`;
    const rss = xml((await get('/rss.xml').expect(200)).text);
    const items = [...rss.getElementsByTagName('item')];
    const enclosures = items.map((item) => children(item, 'enclosure')[0]?.getAttribute('url'));
    expect(enclosures[0]).toBe(COVER);
    expect(childText(items[0], 'link')).toBe(newest);
    expect(enclosures.slice(1).every((url) => url === undefined)).toBe(true);
    const atom = xml((await get('/atom.xml', 'atom.xml').expect(200)).text);
    const entry = atom.getElementsByTagName('entry')[0];
    const links = children(entry, 'link').map((link) => link.getAttribute('rel'));
    expect(links).toContain('enclosure');
    const json = JSON.parse((await get('/feed.json', 'feed.json').expect(200)).text) as {
      items: { url: string; image?: string }[];
    };
    expect(json.items[0]).toMatchObject({ url: newest, image: COVER });
    expect(json.items.slice(1).every((item) => item.image === undefined)).toBe(true);
  });

  it('an author’s, a tag’s and a category’s feeds list only their public articles, with their own links', async () => {
    const byAuthor = parseFeed((await get(`/profile/${writer.username}/rss.xml`).expect(200)).text);
    expect(byAuthor.self).toBe(`${SITE}/profile/${writer.username}/rss.xml`);
    expect(byAuthor.url).toBe(`${SITE}/profile/${writer.username}`);
    expect(byAuthor.items.map((item) => item.url)).toEqual(
      [...published]
        .reverse()
        .slice(0, FEED_ITEMS)
        .map((article) => `${SITE}/article/${article.slug}`),
    );
    // Any case of the username finds the author, as the profile API does.
    const upper = await get(`/profile/${writer.username.toUpperCase()}/rss.xml`).expect(200);
    expect(parseFeed(upper.text).items).toHaveLength(FEED_ITEMS);

    const byTag = parseFeed((await get('/tag/c%2B%2B/atom.xml', 'atom.xml').expect(200)).text);
    expect(byTag.self).toBe(`${SITE}/tag/c%2B%2B/atom.xml`);
    expect(byTag.items.map((item) => item.url)).toEqual([`${SITE}/article/${dangerous.slug}`]);

    const byCategory = parseFeed(
      (await get(`/category/${category.slug}/rss.xml`).expect(200)).text,
    );
    expect(byCategory.title).toBe(`Field Notes — Folio`);
    expect(byCategory.items.map((item) => item.url)).toEqual([`${SITE}/article/${dangerous.slug}`]);
  });

  it('a feed with no article yet: RSS without a lastBuildDate (not 1970), the same bytes each time', async () => {
    const path = `/profile/${admin.username}/rss.xml`;
    const first = await get(path).expect(200);
    expect(parseFeed(first.text).items).toEqual([]);
    expect(first.text).toContain('<channel>');
    expect(first.text).not.toContain('lastBuildDate');
    expect(first.headers['last-modified']).toBeUndefined();
    expect((await get(path).expect(200)).headers.etag).toBe(first.headers.etag);
  });

  it('answers 404 in the API’s error shape for an unknown or deactivated author, an unknown tag or category', async () => {
    const missing: [string, string][] = [
      ['/profile/nobody-at-all/rss.xml', 'profile'],
      [`/profile/${leaving.username}/atom.xml`, 'profile'],
      ['/tag/no-such-tag/feed.json', 'tag'],
      // Only a deactivated author's article and a draft carry these tags: nothing public does.
      ['/tag/farewell/rss.xml', 'tag'],
      ['/category/no-such-category/rss.xml', 'category'],
    ];
    for (const [path, field] of missing) {
      const response = await get(path).expect(404);
      expect(response.body).toEqual({ errors: { [field]: ['not found'] } });
    }
  });

  it('makes every URL in a body absolute from APP_URL: feed readers have no page to resolve them from', async () => {
    const body = [
      '![a photo](/media/0b5f/640.webp) and [her profile](/profile/ann) and [the notes](notes-2)',
      '',
      '<img src="/media/0b5f/320.webp" srcset="/media/0b5f/320.webp 320w, /media/0b5f/640.webp 640w">',
      '',
      '[elsewhere](https://example.org/x), [a section](#later), [mail](mailto:ann@example.test)',
    ].join('\n');
    const article = await createArticle(t, other.token, { body, tagList: ['absolute-urls'] });
    const base = `${SITE}/article/${article.slug}`;
    const expected = [
      `src="${SITE}/media/0b5f/640.webp"`,
      `href="${SITE}/profile/ann"`,
      `href="${SITE}/article/notes-2"`,
      `src="${SITE}/media/0b5f/320.webp"`,
      `srcset="${SITE}/media/0b5f/320.webp 320w, ${SITE}/media/0b5f/640.webp 640w"`,
      'href="https://example.org/x"',
      `href="${base}#later"`,
      'href="mailto:ann@example.test"',
    ];
    const rss = xml((await get('/tag/absolute-urls/rss.xml').expect(200)).text);
    const encoded = rss.getElementsByTagNameNS(
      'http://purl.org/rss/1.0/modules/content/',
      'encoded',
    );
    const atom = xml((await get('/tag/absolute-urls/atom.xml', 'atom.xml').expect(200)).text);
    const json = JSON.parse(
      (await get('/tag/absolute-urls/feed.json', 'feed.json').expect(200)).text,
    ) as {
      items: { content_html: string }[];
    };
    for (const html of [
      encoded[0].textContent ?? '',
      atom.getElementsByTagName('content')[0].textContent ?? '',
      json.items[0].content_html,
    ]) {
      for (const attribute of expected) expect(html).toContain(attribute);
      expect(html).not.toMatch(/(?:src|href|srcset)="\//);
    }
  });

  it('JSON Feed: a category named as one of the tags is one tag, not two', async () => {
    const twin = await createArticle(t, other.token, {
      category: category.slug,
      tagList: ['field notes', 'herbs'],
    });
    const feed = JSON.parse(
      (await get(`/category/${category.slug}/feed.json`, 'feed.json').expect(200)).text,
    ) as { items: { url: string; tags: string[] }[] };
    const item = feed.items.find((entry) => entry.url === `${SITE}/article/${twin.slug}`);
    expect(item?.tags).toEqual(['Field Notes', 'herbs']);
  });
});

/** Polls publish articles: an app of their own, so the listings above never see them. */
