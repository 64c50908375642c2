import { parseFeed } from '@rowanmanning/feed-parser';
import { useRegisteredUser } from './support/auth-factory';
import { ACCEPT, childText, children, FeedFile, xml } from './support/feed-documents';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

const SITE = 'https://blog.example.test';

/** Feeds as a reader polls them: conditional requests, and entries that keep their ids. */
describe('feeds polled by a reader', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, APP_URL: SITE });
  const writer = useRegisteredUser(t);
  const get = (path: string, file: FeedFile = 'rss.xml') =>
    t.http().get(path).set('Accept', ACCEPT[file]);

  it('answers a poll with 304 when nothing changed (If-None-Match, If-Modified-Since), and 200 once an article is published', async () => {
    const path = `/profile/${writer.username}/atom.xml`;
    await createArticle(t, writer.token);
    const first = await get(path, 'atom.xml').expect(200);
    const etag = first.headers.etag;
    const lastModified = first.headers['last-modified'];
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);
    expect(first.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=30');

    const byTag = await get(path, 'atom.xml').set('If-None-Match', etag).expect(304);
    expect(byTag.text ?? '').toBe('');
    expect(byTag.headers.etag).toBe(etag);
    await get(path, 'atom.xml').set('If-Modified-Since', lastModified).expect(304);
    await get(path, 'atom.xml').set('If-None-Match', '"something-else"').expect(200);
    const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
    await get(path, 'atom.xml').set('If-Modified-Since', earlier).expect(200);
    // A date later than the server's clock is no date (RFC 7232 3.3): the feed, not a 304 forever.
    await get(path, 'atom.xml')
      .set('If-Modified-Since', 'Fri, 01 Jan 2100 00:00:00 GMT')
      .expect(200);
    // Each format has its own validator.
    const rss = await get(`/profile/${writer.username}/rss.xml`).expect(200);
    expect(rss.headers.etag).not.toBe(etag);

    const fresh = await createArticle(t, writer.token);
    const after = await get(path, 'atom.xml').set('If-None-Match', etag).expect(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(parseFeed(after.text).items[0].url).toBe(`${SITE}/article/${fresh.slug}`);
  });

  it('keeps an entry’s id when its title, and so its slug, changes: a reader does not show it again as new', async () => {
    const renamed = await createArticle(t, writer.token, { title: 'Typo in the titel' });
    const first = `${SITE}/article/${renamed.slug}`;
    /** Each format's id (and link) of the entry whose link is `link`. */
    const ids = async (link: string) => {
      const rss = xml((await get(`/profile/${writer.username}/rss.xml`).expect(200)).text);
      const item = [...rss.getElementsByTagName('item')].find((i) => childText(i, 'link') === link);
      const guid = item && children(item, 'guid')[0];
      const atom = xml(
        (await get(`/profile/${writer.username}/atom.xml`, 'atom.xml').expect(200)).text,
      );
      const entry = [...atom.getElementsByTagName('entry')].find((e) =>
        children(e, 'link').some((l) => l.getAttribute('href') === link),
      );
      const json = JSON.parse(
        (await get(`/profile/${writer.username}/feed.json`, 'feed.json').expect(200)).text,
      ) as { items: { id: string; url: string }[] };
      return {
        rss: [guid?.textContent, guid?.getAttribute('isPermaLink')],
        atom: entry && childText(entry, 'id'),
        json: json.items.find((i) => i.url === link)?.id,
      };
    };
    expect(await ids(first)).toEqual({ rss: [first, 'true'], atom: first, json: first });

    const changed = await t
      .as(writer.token)
      .put(`/api/articles/${renamed.slug}`)
      .send({ article: { title: 'No typo in the title' } })
      .expect(200);
    const slug = (changed.body as { article: { slug: string } }).article.slug;
    expect(slug).not.toBe(renamed.slug);
    // The link is the new address; the id stays the first, which redirects to it (pages.e2e-spec).
    expect(await ids(`${SITE}/article/${slug}`)).toEqual({
      rss: [first, 'false'],
      atom: first,
      json: first,
    });
    // No other article takes that first address, even with the same title.
    const namesake = await createArticle(t, writer.token, { title: 'Typo in the titel' });
    expect(namesake.slug).not.toBe(renamed.slug);
    expect(namesake.slug.startsWith(`${renamed.slug}-`)).toBe(true);
  });

  it('answers 304 to If-Modified-Since only while no article changed after it', async () => {
    const path = `/profile/${writer.username}/feed.json`;
    const first = await get(path, 'feed.json').expect(200);
    const lastModified = first.headers['last-modified'];
    await get(path, 'feed.json').set('If-Modified-Since', lastModified).expect(304);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await createArticle(t, writer.token);
    await get(path, 'feed.json').set('If-Modified-Since', lastModified).expect(200);
  });
});
