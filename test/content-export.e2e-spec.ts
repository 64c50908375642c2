import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../src/config/app-config';
import { ContentExportService } from '../src/modules/posts/content-export.service';
import { planGhostImport } from '../src/modules/posts/ghost-export';
import { importGhostPlan } from '../src/modules/posts/ghost-import';
import { changeAccess, registerUser, RegisteredUser, setRole } from './support/auth-factory';
import { folioCli } from './support/folio-cli';
import {
  createArticle,
  createCategory,
  CreatedArticle,
  FAST_AUTH_ENV,
} from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';

interface GhostFile {
  db: [{ meta: { exported_on: number; version: string }; data: GhostData }];
}
interface GhostData {
  posts: Record<string, unknown>[];
  users: Record<string, unknown>[];
  roles: { id: string; name: string }[];
  roles_users: { role_id: string; user_id: string }[];
  tags: Record<string, unknown>[];
  posts_tags: { post_id: string; tag_id: string; sort_order: number }[];
  posts_authors: { post_id: string; author_id: string }[];
  posts_meta: Record<string, unknown>[];
}

const LONG_DESCRIPTION = `${'A description longer than the excerpt Ghost allows. '.repeat(7)}The end.`;
const BODY = [
  '# Night trains',
  '',
  'See [the map](/media/map.png) and `code`.',
  '',
  '```js',
  'const sleeper = true;',
  '```',
].join('\n');

const siteUrl = (t: TestApp) =>
  t.app.get(ConfigService<AppConfig, true>).get('site', { infer: true }).publicUrl;

/**
 * An article as its page answers, its author by name (a profile's bio and picture are the account's,
 * which the import does not write). Nobody favorited one here: favorites are not exported.
 */
const kept = ({ author, ...article }: CreatedArticle) => ({
  ...article,
  author: author.username,
});

/**
 * The blog's content out as a Ghost export (the administrators' download and `npm run cli --
 * export-ghost`), and into another Folio by its Ghost import, as it was.
 */
describe('the content export (a Ghost export of the blog)', () => {
  const source = useTestApp(FAST_AUTH_ENV);
  const target = useTestApp(FAST_AUTH_ENV);
  let admin: RegisteredUser;
  let writer: RegisteredUser;
  let reader: RegisteredUser;
  let leaving: RegisteredUser;
  const articles: CreatedArticle[] = [];
  let category: { slug: string; name: string };

  const download = async (token: string): Promise<GhostFile> =>
    JSON.parse((await source.as(token).get('/api/admin/export').expect(200)).text) as GhostFile;
  const postOf = (file: GhostFile, slug: string) =>
    file.db[0].data.posts.find((post) => post.slug === slug) as Record<string, unknown>;

  beforeAll(async () => {
    admin = await registerUser(source, { username: 'editor-in-chief' });
    await setRole(source, admin.id, 'administrator');
    writer = await registerUser(source, { username: 'Tove', email: 'tove@example.test' });
    await setRole(source, writer.id, 'author');
    await source
      .as(writer.token)
      .put('/api/user')
      .send({ user: { bio: 'Writes about trains.', image: 'https://images.example/tove.jpg' } })
      .expect(200);
    reader = await registerUser(source, { username: 'reader' });
    leaving = await registerUser(source, { username: 'leaving' });
    category = await createCategory(source, admin.token, 'Travel Notes');
    articles.push(
      await createArticle(source, writer.token, {
        title: 'Night trains',
        description: 'Sleeping across Europe.',
        body: BODY,
        tagList: ['Rail', 'Europe'],
        category: category.slug,
        coverImage: 'https://images.example/train.jpg',
        coverImageAlt: 'A sleeper at dawn',
        coverImageCaption: 'Photo: <Tove> & friends',
      }),
      await createArticle(source, writer.token, { title: 'Unfinished', status: 'draft' }),
      await createArticle(source, writer.token, {
        title: 'Coming soon',
        publishAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      }),
      await createArticle(source, writer.token, {
        title: 'Long story',
        description: LONG_DESCRIPTION,
        publishedAt: '2019-05-01T10:00:00.000Z',
      }),
    );
    await source
      .as(reader.token)
      .post(`/api/articles/${articles[0].slug}/comments`)
      .send({ comment: { body: 'Lovely.' } })
      .expect(201);
    const withheld = await createArticle(source, leaving.token, { title: 'Gone quiet' });
    await changeAccess(source, 'UPDATE users SET is_active = false WHERE id = $1', [leaving.id]);
    articles.push(withheld);
    for (const page of [
      {
        title: 'About',
        body: 'We **write**.',
        status: 'published',
        description: 'Who we are.',
        coverImage: 'https://images.example/desk.jpg',
        coverImageAlt: 'A desk by a window',
        coverImageCaption: 'Photo: <Tove> & friends',
      },
      { title: 'Contact', body: 'Write to us.', status: 'draft' },
    ]) {
      await source.as(admin.token).post('/api/pages').send({ page }).expect(201);
    }
  });

  it('is an administrator’s download, a file named as Ghost names it; nobody else’s', async () => {
    const answer = await source.as(admin.token).get('/api/admin/export').expect(200);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.headers['content-disposition']).toMatch(
      /^attachment; filename="[a-z0-9.-]+\.ghost\.\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d\.json"$/,
    );
    expect(answer.headers['cache-control']).toBe('no-store');
    await source.as(writer.token).get('/api/admin/export').expect(403);
    await source.http().get('/api/admin/export').expect(401);
  });

  it('holds the articles and pages, their writers, tags and categories, in Ghost’s shape', async () => {
    const file = await download(admin.token);
    const { meta, data } = file.db[0];
    expect(meta).toEqual({ exported_on: expect.any(Number), version: '5.0.0' });
    expect(data.posts).toHaveLength(7);

    const night = postOf(file, articles[0].slug);
    expect(night).toMatchObject({
      title: 'Night trains',
      type: 'post',
      status: 'published',
      visibility: 'public',
      custom_excerpt: 'Sleeping across Europe.',
      feature_image: 'https://images.example/train.jpg',
      published_at: articles[0].publishedAt,
      created_at: articles[0].createdAt,
      updated_at: articles[0].updatedAt,
    });
    // The markdown as written, in the card Ghost renders; the HTML beside it, links made absolute.
    expect(JSON.parse(night.mobiledoc as string)).toMatchObject({
      cards: [['markdown', { markdown: BODY }]],
      sections: [[10, 0]],
    });
    expect(night.html).toContain(`<a href="${siteUrl(source)}/media/map.png">the map</a>`);
    expect(night.html).toContain('<code');

    // The category first (Ghost's primary tag), then the tags by name (as the API lists them).
    const tagName = new Map(data.tags.map((tag) => [tag.id, tag.name]));
    const tagsOf = (post: Record<string, unknown>) =>
      data.posts_tags
        .filter((link) => link.post_id === post.id)
        .sort((a, b) => a.sort_order - b.sort_order)
        .map((link) => tagName.get(link.tag_id));
    expect(tagsOf(night)).toEqual(['Travel Notes', 'Europe', 'Rail']);
    expect(data.tags).toContainEqual(
      expect.objectContaining({ name: 'Travel Notes', slug: category.slug }),
    );
    expect(data.posts_meta).toContainEqual({
      post_id: night.id,
      feature_image_alt: 'A sleeper at dawn',
      feature_image_caption: 'Photo: &lt;Tove&gt; &amp; friends',
      meta_description: null,
    });

    // Ghost's statuses: a draft is a draft, a scheduled one scheduled; a withheld one (its author
    // deactivated) a draft with its date, so that no import makes it public again.
    expect(postOf(file, articles[1].slug)).toMatchObject({ status: 'draft', published_at: null });
    expect(postOf(file, articles[2].slug)).toMatchObject({
      status: 'scheduled',
      published_at: articles[2].publishedAt,
    });
    expect(postOf(file, articles[4].slug)).toMatchObject({
      status: 'draft',
      published_at: articles[4].publishedAt,
    });
    // Longer than Ghost's 300 characters for an excerpt: whole in the meta description instead.
    const long = postOf(file, articles[3].slug);
    expect(long.custom_excerpt).toBeNull();
    expect(data.posts_meta).toContainEqual(
      expect.objectContaining({ post_id: long.id, meta_description: LONG_DESCRIPTION }),
    );
    const about = postOf(file, 'about');
    expect(about).toMatchObject({
      type: 'page',
      status: 'published',
      custom_excerpt: 'Who we are.',
      feature_image: 'https://images.example/desk.jpg',
    });
    // The cover's words in its posts_meta, as an article's; a page without them has none.
    expect(data.posts_meta).toContainEqual({
      post_id: about.id,
      feature_image_alt: 'A desk by a window',
      feature_image_caption: 'Photo: &lt;Tove&gt; &amp; friends',
      meta_description: null,
    });
    const contact = postOf(file, 'contact');
    expect(contact).toMatchObject({ custom_excerpt: null, feature_image: null });
    expect(data.posts_meta.map((meta) => meta.post_id)).not.toContain(contact.id);
    expect(postOf(file, 'contact')).toMatchObject({ type: 'page', status: 'draft' });

    // The writers (of articles or pages), with their roles; not a reader who only comments.
    expect(data.users.map((user) => user.name).sort()).toEqual(
      ['Tove', 'editor-in-chief', 'leaving'].sort(),
    );
    const tove = data.users.find((user) => user.name === 'Tove');
    expect(tove).toMatchObject({
      email: 'tove@example.test',
      slug: 'tove',
      bio: 'Writes about trains.',
      profile_image: 'https://images.example/tove.jpg',
      status: 'active',
    });
    expect(data.users.find((user) => user.name === 'leaving')).toMatchObject({
      status: 'inactive',
    });
    const roleName = new Map(data.roles.map((role) => [role.id, role.name]));
    expect(
      roleName.get(data.roles_users.find((link) => link.user_id === tove?.id)?.role_id ?? ''),
    ).toBe('Author');
    expect(data.posts_authors).toContainEqual(
      expect.objectContaining({ post_id: night.id, author_id: tove?.id }),
    );
    // Nothing secret: no password hash, no token, no preview key.
    const text = JSON.stringify(file);
    expect(text).not.toMatch(/password|\$argon2|token|preview/i);
  });

  it('is of one moment: a write while it streams is not half in it', async () => {
    const pieces = source.app.get(ContentExportService).ghostExport();
    let text = (await pieces.next()).value as string;
    // Written after the export began: in no part of this file (its post, its tag, its link).
    await createArticle(source, writer.token, { title: 'Too late', tagList: ['Late'] });
    for await (const piece of pieces) text += piece;
    const data = (JSON.parse(text) as GhostFile).db[0].data;
    expect(data.posts.map((post) => post.title)).not.toContain('Too late');
    expect(data.tags.map((tag) => tag.name)).not.toContain('Late');
    const ids = new Set(data.posts.map((post) => post.id));
    expect(data.posts_tags.every((link) => ids.has(link.post_id))).toBe(true);
    await source.as(writer.token).delete('/api/articles/too-late').expect(204);
  });

  it('comes into another Folio through its Ghost import as it was', async () => {
    const file = await download(admin.token);
    // The other blog has the writers' accounts (the import finds authors by email).
    const here = await Promise.all(
      [writer, admin].map(async (user) => {
        const made = await registerUser(target, { username: user.username, email: user.email });
        return made;
      }),
    );
    await setRole(target, here[0].id, 'author');
    await setRole(target, here[1].id, 'administrator');
    await createCategory(target, here[1].token, 'Travel Notes');
    const outcome = await importGhostPlan(target.dataSource, planGhostImport(file));
    expect(outcome.skipped.map((post) => post.slug)).toEqual([articles[4].slug]);
    expect(outcome.imported).toHaveLength(4);
    expect(outcome.pages).toHaveLength(2);

    const read = async (app: TestApp, token: string, slug: string) =>
      kept((await app.as(token).get(`/api/articles/${slug}`).expect(200)).body.article);
    for (const article of articles.slice(0, 4)) {
      expect(await read(target, here[0].token, article.slug)).toEqual(
        await read(source, writer.token, article.slug),
      );
    }
    for (const slug of ['about', 'contact']) {
      const page = async (app: TestApp, token: string) =>
        (await app.as(token).get(`/api/pages/${slug}`).expect(200)).body.page as object;
      expect(await page(target, here[1].token)).toEqual(await page(source, admin.token));
    }
  });

  it('npm run cli -- export-ghost writes the same file, and says what it wrote', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-export-'));
    try {
      const path = join(folder, 'blog.json');
      const { stdout } = await folioCli(['export-ghost', path], {
        DATABASE_URL: source.database.url,
        APP_URL: siteUrl(source),
      });
      expect(stdout).toMatch(
        new RegExp(
          `^Exported 5 articles, 2 pages, 3 authors, 3 tags and 1 category to ${path} \\(\\d+ kB\\)\\n$`,
        ),
      );
      const written = JSON.parse(readFileSync(path, 'utf8')) as GhostFile;
      expect(written.db[0].data).toEqual((await download(admin.token)).db[0].data);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
