import { folioCli } from './support/folio-cli';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerUser, useRegisteredUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const EXPORT = join(__dirname, 'fixtures', 'ghost-export.json');
const OLD_SITE = 'https://old-blog.example';

/** `npm run cli -- import-ghost` on a Folio that already has its users, read back through its API. */
describe('npm run cli -- import-ghost', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const helper = useRegisteredUser(t);

  const cli = (args: string[]) =>
    folioCli(['import-ghost', ...args], { DATABASE_URL: t.database.url });
  const failure = (args: string[]) =>
    cli(args).catch((error: { code: number; stdout: string; stderr: string }) => error);
  const articleCount = async () =>
    (await t.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM articles'))[0].n;

  beforeAll(async () => {
    // The Ghost owner has an account here by the same email, in another case.
    await registerUser(t, { username: 'owner', email: 'Owner@Old-Blog.test' });
  });

  it('says what it would do and writes nothing on a dry run', async () => {
    const { stdout } = await cli([EXPORT, '--ghost-url', OLD_SITE, '--dry-run']);
    expect(stdout).toContain(
      'Dry run, nothing written: would import 5 articles (2 published, 1 scheduled, 2 drafts)',
    );
    expect(stdout).toContain('Would import 1 page (1 published, 0 drafts)');
    expect(await articleCount()).toBe(0);
    const [{ pages }] = await t.dataSource.query<{ pages: number }[]>(
      'SELECT count(*)::int AS pages FROM static_pages',
    );
    expect(pages).toBe(0);
  });

  it('counts what the database withholds (its author deactivated here) as withheld, not published', async () => {
    await t.dataSource.query(`UPDATE users SET is_active = false WHERE username = 'owner'`);
    try {
      const { stdout } = await cli([EXPORT, '--ghost-url', OLD_SITE, '--dry-run']);
      expect(stdout).toContain(
        'would import 5 articles (0 published, 1 scheduled, 2 drafts, 2 withheld)',
      );
      expect(stdout).toContain('Withheld, their author deactivated');
      expect(stdout).toContain('  hello-from-ghost: its author is deactivated here');
    } finally {
      await t.dataSource.query(`UPDATE users SET is_active = true WHERE username = 'owner'`);
    }
    expect(await articleCount()).toBe(0);
  });

  it('asks for the old address when the export writes __GHOST_URL__, and for a Ghost export', async () => {
    const noUrl = await failure([EXPORT]);
    expect(noUrl).toMatchObject({ code: 1 });
    expect(noUrl.stderr).toContain('give the old site with --ghost-url');
    const notGhost = await failure([join(ROOT, 'package.json')]);
    expect(notGhost.stderr).toContain('This is not a Ghost export');
    const missing = await failure(['/nonexistent/export.json']);
    expect(missing.stderr).toContain('/nonexistent/export.json: ENOENT');
    expect(await articleCount()).toBe(0);
  });

  it('brings the posts in with their slugs, dates, tags, authors and text as markdown', async () => {
    const { stdout } = await cli([EXPORT, '--ghost-url', OLD_SITE]);
    expect(stdout).toContain('Imported 5 articles (2 published, 1 scheduled, 2 drafts)');
    expect(stdout).toContain('for-paying-members: for members only in Ghost');
    expect(stdout).toContain('Imported 1 page (1 published, 0 drafts)');
    expect(stdout).toContain("guest-post: no account here has its author's email");
    expect(stdout).toContain('feed: its slug "feed" is an address of Folio\'s API');

    const hello = (await t.http().get('/api/articles/hello-from-ghost').expect(200)).body.article;
    expect(hello).toMatchObject({
      title: 'Hello from Ghost',
      description: 'The first post, moved over.',
      tagList: ['JavaScript'],
      author: { username: 'owner' },
      coverImage: `${OLD_SITE}/content/images/2021/03/cover.jpg`,
      coverImageAlt: 'A lighthouse at dusk',
      coverImageCaption: 'Photo by Ann & Bo',
      createdAt: '2021-03-01T10:00:00.000Z',
      updatedAt: '2021-03-05T12:00:00.000Z',
      publishedAt: '2021-03-04T09:30:00.000Z',
      status: 'published',
    });
    expect(hello.body).toContain('## Why');
    expect(hello.body).toContain('```ts\nconst answer = 42;');
    // A link to a page of the export leads to that page here.
    expect(hello.body).toContain('[link](/page/about)');
    const about = (await t.http().get('/api/pages/about').expect(200)).body.page;
    expect(about).toMatchObject({ title: 'About', body: 'About me.', status: 'published' });
    // Its excerpt and cover, with the cover's words, as an article's.
    expect(about).toMatchObject({
      description: 'Who writes this blog.',
      coverImage: 'https://images.example/about/desk.jpg',
      coverImageAlt: 'A desk by a window',
      coverImageCaption: 'The old office',
    });
    const [{ signed }] = await t.dataSource.query<{ signed: boolean }[]>(
      `SELECT author_id IS NOT NULL AS signed FROM static_pages WHERE slug = 'about'`,
    );
    expect(signed).toBe(true);
    expect(hello.body).toContain(`![A photo](${OLD_SITE}/content/images/2021/03/photo.jpg)`);
    const era = (await t.http().get('/api/articles/markdown-era').expect(200)).body.article;
    expect(era.body).toBe("Written in **markdown** in Ghost 2.\n\n```python\nprint('hello')\n```");
    expect(era.description).toBe('Written in markdown in Ghost 2.');

    // In the public list, ordered by Ghost's dates; the tag counted; drafts and the scheduled unseen.
    const list = (await t.http().get('/api/articles?author=owner').expect(200)).body;
    expect((list.articles as { slug: string }[]).map((a) => a.slug)).toEqual([
      'hello-from-ghost',
      'markdown-era',
    ]);
    const tagged = (await t.http().get('/api/articles?tag=travel').expect(200)).body;
    expect(tagged.articlesCount).toBe(1);
    const owner = await t.dataSource.query(
      `SELECT slug, status, published_at IS NOT NULL AS dated FROM articles ORDER BY slug`,
    );
    expect(owner).toEqual([
      { slug: 'coming-soon', status: 'scheduled', dated: true },
      { slug: 'for-paying-members', status: 'draft', dated: false },
      { slug: 'half-written', status: 'draft', dated: false },
      { slug: 'hello-from-ghost', status: 'published', dated: true },
      { slug: 'markdown-era', status: 'published', dated: true },
    ]);
  });

  it('run again, leaves what it brought alone; --author takes the posts of authors with no account', async () => {
    const { stdout } = await cli([EXPORT, '--ghost-url', OLD_SITE, '--author', helper.username]);
    expect(stdout).toContain('Imported 1 article (1 published, 0 scheduled, 0 drafts)');
    expect(stdout).toContain('hello-from-ghost: an article here has this slug already');
    expect(stdout).toContain('about: a page here has this slug already');
    const guest = (await t.http().get('/api/articles/guest-post').expect(200)).body.article;
    expect(guest.author.username).toBe(helper.username);
    expect(await articleCount()).toBe(6);
    const unknown = await failure([EXPORT, '--ghost-url', OLD_SITE, '--author', 'nobody_here']);
    expect(unknown.stderr).toContain('--author: no user is named nobody_here');
  });
});

/**
 * A Ghost tag named `.` or `..` (trimmed, as tags are kept) is no tag here: no address can name it
 * (`/tag/..` is the home page). The post comes in without it, and the report says so.
 */
describe('npm run cli -- import-ghost with a tag no address can name', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const folder = mkdtempSync(join(tmpdir(), 'folio-ghost-dots-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('imports the post without that tag and lists it under "Tags left out"', async () => {
    await registerUser(t, { username: 'dotty', email: 'dotty@old-blog.test' });
    const file = join(folder, 'export.json');
    const post = (id: string, title: string) => ({
      id,
      title,
      slug: title.toLowerCase().replaceAll(' ', '-'),
      type: 'post',
      status: 'published',
      visibility: 'public',
      html: '<p>Text.</p>',
      custom_excerpt: 'An excerpt.',
      author_id: 'u1',
      published_at: '2021-03-04T09:30:00.000Z',
    });
    const tags = [
      { id: 't1', name: '..' },
      { id: 't2', name: ' . ' },
      { id: 't3', name: 'Kept' },
      { id: 't4', name: '...' },
    ];
    const links = [
      ...tags.map((tag, i) => ({ post_id: 'p1', tag_id: tag.id, sort_order: i })),
      { post_id: 'p2', tag_id: 't2', sort_order: 0 },
    ];
    writeFileSync(
      file,
      JSON.stringify({
        db: [
          {
            data: {
              posts: [post('p1', 'Dotted tags'), post('p2', 'Only a dot')],
              tags,
              posts_tags: links,
              users: [{ id: 'u1', email: 'dotty@old-blog.test' }],
            },
          },
        ],
      }),
    );
    const { stdout } = await folioCli(['import-ghost', file], { DATABASE_URL: t.database.url });
    expect(stdout).toContain('Imported 2 articles (2 published, 0 scheduled, 0 drafts)');
    expect(stdout).toContain('Tags left out (3):');
    expect(stdout).toContain(
      '  dotted-tags: its tag ".." was left out: a web address cannot name such a tag',
    );
    expect(stdout).toContain(
      '  dotted-tags: its tag "." was left out: a web address cannot name such a tag',
    );
    expect(stdout).toContain(
      '  only-a-dot: its tag "." was left out: a web address cannot name such a tag',
    );
    const dotted = (await t.http().get('/api/articles/dotted-tags').expect(200)).body.article;
    expect(dotted.tagList).toEqual(['...', 'Kept']);
    const alone = (await t.http().get('/api/articles/only-a-dot').expect(200)).body.article;
    expect(alone.tagList).toEqual([]);
    const stored = await t.dataSource.query<{ name: string }[]>(
      'SELECT name FROM tags ORDER BY name',
    );
    expect(stored).toEqual([{ name: '...' }, { name: 'Kept' }]);
  });
});
