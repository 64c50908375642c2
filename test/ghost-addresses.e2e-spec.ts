import { RegisteredUser, registerUser } from './support/auth-factory';
import { BUILT_INDEX, bootWithSite, writeBuiltSite } from './support/built-site';
import {
  createArticle,
  CreatedArticle,
  FAST_AUTH_ENV,
  unseenArticles,
} from './support/posts-factory';
import { createTestDatabase, TestApp, TestDatabase } from './support/test-app';

/** What a link preview bot or a feed reader sends: it runs no JavaScript. */
const CRAWLER = { 'User-Agent': 'facebookexternalhit/1.1', Accept: 'text/html' };

/**
 * A blog moved from Ghost keeps its links: Ghost's default addresses answer a 301 to Folio's (the web
 * module asks the pages module of any address that is none of the site's).
 */
describe("Ghost's addresses", () => {
  let database: TestDatabase;
  let site: { root: string; remove(): void };
  let t: TestApp;
  let ann: RegisteredUser;
  let gone: RegisteredUser;
  let article: CreatedArticle;
  let draft: CreatedArticle;
  let scheduled: CreatedArticle;
  let goneArticle: CreatedArticle;

  beforeAll(async () => {
    database = await createTestDatabase();
    site = writeBuiltSite();
    t = await bootWithSite(database, site.root, FAST_AUTH_ENV);
    ann = await registerUser(t, { username: 'ann_writes' });
    gone = await registerUser(t);
    article = await createArticle(t, ann.token, { title: 'How dragons fly', tagList: ['dragons'] });
    ({ draft, scheduled, goneArticle } = await unseenArticles(t, ann, gone));
  });

  afterAll(async () => {
    await t?.close();
    await database?.drop();
    site?.remove();
  });

  it("find a tag by Ghost's slug of its name, its page and its feed", async () => {
    await createArticle(t, ann.token, { title: 'On tips', tagList: ['Ghost Tips', 'C++ & Rust'] });
    const moved = async (path: string) => {
      const response = await t.http().get(path).set(CRAWLER);
      return [path, response.status, response.headers.location as string | undefined];
    };
    // Ghost's slug for `Ghost Tips` is ghost-tips: Folio's tag pages name the tag itself.
    for (const [path, location] of [
      ['/tag/ghost-tips/', '/tag/Ghost%20Tips'],
      ['/tag/ghost-tips', '/tag/Ghost%20Tips'],
      ['/tag/ghost-tips/rss/', '/tag/Ghost%20Tips/rss.xml'],
      ['/tag/c-rust/', `/tag/${encodeURIComponent('C++ & Rust')}`],
    ]) {
      expect(await moved(path)).toEqual([path, 301, location]);
    }
    const page = await t.http().get('/tag/Ghost%20Tips').set(CRAWLER);
    expect(page.status).toBe(200);
    // No tag with that slug, or only on drafts: the site's 404.
    await createArticle(t, ann.token, {
      title: 'Hidden',
      tagList: ['Draft Tips'],
      status: 'draft',
    });
    for (const path of ['/tag/no-such-tips/', '/tag/draft-tips/']) {
      const response = await t.http().get(path).set(CRAWLER);
      expect([path, response.status, response.text]).toEqual([path, 404, BUILT_INDEX]);
    }
  });

  it("move to Folio's with a 301: posts, authors and feeds", async () => {
    const moved = async (path: string) => {
      const response = await t.http().get(path).set(CRAWLER);
      return [response.status, response.headers.location as string | undefined];
    };
    // Ghost's default permalink is /{slug}/, with or without the final slash.
    expect(await moved(`/${article.slug}/`)).toEqual([301, `/article/${article.slug}`]);
    expect(await moved(`/${article.slug}?ref=mastodon`)).toEqual([301, `/article/${article.slug}`]);
    expect(await moved('/author/ann_writes/')).toEqual([301, '/profile/ann_writes']);
    expect(await moved('/rss/')).toEqual([301, '/rss.xml']);
    expect(await moved('/author/ann_writes/rss/')).toEqual([301, '/profile/ann_writes/rss.xml']);
    expect(await moved('/tag/dragons/rss/')).toEqual([301, '/tag/dragons/rss.xml']);
    // A renamed article's first slug leads to where it is now.
    const renamed = await createArticle(t, ann.token, { title: 'Ghost era title' });
    const now = await t
      .as(ann.token)
      .put(`/api/articles/${renamed.slug}`)
      .send({ article: { title: 'Folio era title' } })
      .expect(200);
    expect(await moved(`/${renamed.slug}/`)).toEqual([
      301,
      `/article/${now.body.article.slug as string}`,
    ]);
    // Nothing of what is not public, nor of what is not there: the site's 404.
    for (const path of [
      `/${draft.slug}/`,
      `/${scheduled.slug}/`,
      `/${goneArticle.slug}/`,
      `/author/${gone.username}/`,
      '/no-such-post/',
      '/wp-login.php',
    ]) {
      const response = await t.http().get(path).set(CRAWLER);
      expect([path, response.status, response.text]).toEqual([path, 404, BUILT_INDEX]);
    }
    // The site's own addresses are not Ghost's: /login is the sign-in page, whatever an article is called.
    await createArticle(t, ann.token, { title: 'Login' });
    const login = await t.http().get('/login').set(CRAWLER);
    expect([login.status, login.text]).toEqual([200, BUILT_INDEX]);
  });
});
