import { JSDOM } from 'jsdom';
import { registerUser } from './support/auth-factory';
import { bootWithSite, writeBuiltSite } from './support/built-site';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { createTestDatabase, TestApp, TestDatabase } from './support/test-app';

/** What a link preview bot sends: it runs no JavaScript. */
const CRAWLER = { 'User-Agent': 'TelegramBot (like TwitterBot)', Accept: 'text/html' };

/**
 * The words Folio writes itself in what crawlers, link previews and feed readers get (a byline, an
 * empty list, a list page's description, a date), in the site's language: a Russian blog's previews
 * are in Russian; a language Folio has no words for gets English throughout, its dates too.
 */
describe.each([
  {
    language: 'ru-RU',
    byline: /^Автор: ann_words, \d{1,2} [а-я]+ \d{4} г\.$/,
    empty: 'Статей пока нет.',
    profile: 'Статьи автора ann_words — Words Test',
    tag: 'Статьи с тегом «Драконы» — Words Test',
    feed: 'Статьи с тегом «Драконы»',
    footnotes: 'Примечания',
  },
  {
    language: 'de-AT',
    byline: /^By ann_words, [A-Z][a-z]+ \d{1,2}, \d{4}$/,
    empty: 'No articles yet.',
    profile: 'Articles by ann_words on Words Test',
    tag: 'Articles tagged “Драконы” on Words Test',
    feed: 'Articles tagged “Драконы”',
    footnotes: 'Footnotes',
  },
])('Folio’s own words with SITE_LANGUAGE=$language', (words) => {
  let database: TestDatabase;
  let site: { root: string; remove(): void };
  let t: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    site = writeBuiltSite();
    t = await bootWithSite(database, site.root, {
      ...FAST_AUTH_ENV,
      APP_URL: 'https://blog.example.com',
      SITE_TITLE: 'Words Test',
      SITE_LANGUAGE: words.language,
    });
  });
  afterAll(async () => {
    await t.close();
    await database.drop();
    site.remove();
  });

  const crawl = async (path: string) =>
    new JSDOM((await t.http().get(path).set(CRAWLER).expect(200)).text).window.document;
  const content = (doc: Document) => doc.querySelector('#q-app') as HTMLElement;
  const description = (doc: Document) =>
    doc.querySelector('meta[property="og:description"]')?.getAttribute('content');

  it('says an empty blog has no articles yet', async () => {
    expect(content(await crawl('/')).textContent).toContain(words.empty);
  });

  it('writes the byline, and the list pages’ and feeds’ descriptions', async () => {
    const ann = await registerUser(t, { username: 'ann_words' });
    const article = await createArticle(t, ann.token, {
      tagList: ['Драконы'],
      body: 'A claim[^1].\n\n[^1]: Its source.',
    });

    const page = content(await crawl(`/article/${article.slug}`));
    expect(page.querySelector('h1 + p + p')?.textContent).toMatch(words.byline);
    expect(page.querySelector('#footnote-label')?.textContent).toBe(words.footnotes);
    const home = content(await crawl('/'));
    expect(home.querySelector('li p:last-child')?.textContent).toMatch(words.byline);

    expect(description(await crawl('/profile/ann_words'))).toBe(words.profile);
    expect(description(await crawl(`/tag/${encodeURIComponent('Драконы')}`))).toBe(words.tag);
    const feed = await t
      .http()
      .get(`/tag/${encodeURIComponent('Драконы')}/feed.json`)
      .expect(200);
    const json = JSON.parse(feed.text) as {
      description: string;
      items: { content_html: string }[];
    };
    expect(json.description).toBe(words.feed);
    expect(json.items[0].content_html).toContain(`>${words.footnotes}</h2>`);
  });
});
