import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useRegisteredUser } from './support/auth-factory';
import { folioCli } from './support/folio-cli';
import { attach, plainImage } from './support/media-images';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

const OLD = 'http://localhost:3999';
const NEW = 'https://blog.example.test';
const folder = mkdtempSync(join(tmpdir(), 'folio-move-site-url-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * A blog tried at http://localhost:3999, its uploads and links written under that address, then given
 * its real APP_URL: `npm run cli -- move-site-url --from http://localhost:3999` points them at it.
 */
describe('npm run cli -- move-site-url', () => {
  const t = useTestApp({ ...FAST_AUTH_ENV, APP_URL: OLD, MEDIA_DIR: folder, LOG_LEVEL: 'error' });
  const writer = useRegisteredUser(t);
  const cli = (args: string[]) =>
    folioCli(['move-site-url', ...args], { DATABASE_URL: t.database.url, APP_URL: NEW });
  const column = async (query: string, id: number | string) =>
    Object.values((await t.dataSource.query<Record<string, string>[]>(query, [id]))[0])[0];

  it('points uploads and links under the old address at APP_URL, and nothing else', async () => {
    const upload = await attach(
      t.as(writer.token),
      await plainImage(64, 48, 'png'),
      'a.png',
      'image/png',
    );
    expect(upload.status).toBe(201);
    const image = upload.body.media.url as string;
    expect(image.startsWith(`${OLD}/media/`)).toBe(true);
    const elsewhere = 'http://localhost:39990/media/x.png';
    const body = `![a](${image}) [older](${OLD}/article/older) ![not ours](${elsewhere})`;
    const article = await createArticle(t, writer.token, { body, coverImage: image });
    await t.as(writer.token).put('/api/user').send({ user: { image } }).expect(200);
    await t
      .as(writer.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: `See ${OLD}/article/older` } })
      .expect(201);

    const dry = await cli(['--from', `${OLD}/`, '--dry-run']);
    expect(dry.stdout.trim()).toBe(
      `Would point ${OLD}/… at ${NEW}/… in 1 article, 1 comment, 1 user`,
    );
    expect(await column('SELECT body FROM articles WHERE slug = $1', article.slug)).toBe(body);

    const done = await cli(['--from', OLD]);
    expect(done.stdout.trim()).toBe(`Pointed ${OLD}/… at ${NEW}/… in 1 article, 1 comment, 1 user`);
    const moved = image.replace(OLD, NEW);
    const read = await t.as(writer.token).get(`/api/articles/${article.slug}`).expect(200);
    expect(read.body.article).toMatchObject({
      body: `![a](${moved}) [older](${NEW}/article/older) ![not ours](${elsewhere})`,
      coverImage: moved,
      author: { image: moved },
      // Nobody edited it: its date stays.
      updatedAt: article.updatedAt,
    });
    const comments = await t.http().get(`/api/articles/${article.slug}/comments`).expect(200);
    expect(comments.body.comments[0].body).toBe(`See ${NEW}/article/older`);
    // Still the upload's own use: the library refuses to delete it.
    await t
      .as(writer.token)
      .delete(`/api/media/${upload.body.media.id as string}`)
      .expect(409);

    // Run again: nothing is left under the old address.
    const again = await cli(['--from', OLD]);
    expect(again.stdout.trim()).toBe(
      `Pointed ${OLD}/… at ${NEW}/… in 0 articles, 0 comments, 0 users`,
    );
  });

  it('refuses an address that is not an origin, and one that is APP_URL already', async () => {
    await expect(cli(['--from', 'localhost:3999'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--from must be an http(s) address with no path'),
    });
    await expect(cli(['--from', `${OLD}/blog`])).rejects.toMatchObject({ code: 2 });
    await expect(cli([])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('move-site-url needs --from <old address>'),
    });
    await expect(cli(['--from', NEW])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`APP_URL is ${NEW} already`),
    });
  });
});
