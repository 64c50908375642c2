import { folioCli } from './support/folio-cli';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { registerUser } from './support/auth-factory';
import { makeImage } from './support/media-images';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { TestApp, useTestApp } from './support/test-app';

const SITE = 'https://blog.example.test';
const OLD_SITE = 'https://old-blog.example';
const IMAGES = '__GHOST_URL__/content/images/2021/03';
const ELSEWHERE = 'https://images.unsplash.com/photo-1?w=2000';

/**
 * The fixture's export with more images: the cover and a body photo (also at Ghost's resized size/w600/
 * address, and in a second post), one the old site no longer has, an SVG, and one hosted elsewhere.
 */
function exportWithImages(folder: string): string {
  const file = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'ghost-export.json'), 'utf8'));
  const posts = file.db[0].data.posts as { slug: string; html: string; mobiledoc?: string }[];
  const post = (slug: string) => posts.find((p) => p.slug === slug) as { html: string };
  post('hello-from-ghost').html +=
    `<p><img src="${IMAGES.replace('/2021', '/size/w600/2021')}/photo.jpg" alt="Smaller"></p>` +
    `<p><img src="${IMAGES}/gone.jpg" alt="Gone"><img src="${IMAGES}/diagram.svg" alt="SVG">` +
    `<img src="${ELSEWHERE}" alt="Elsewhere"></p>`;
  post('half-written').html += `<p><img src="${IMAGES}/photo.jpg" alt="Again"></p>`;
  // A Ghost 2 post, its markdown kept in a mobiledoc card: __GHOST_URL__ there too.
  const era = posts.find((p) => p.slug === 'markdown-era') as { mobiledoc: string };
  const doc = JSON.parse(era.mobiledoc) as { cards: [string, { markdown: string }][] };
  doc.cards[0][1].markdown += `\n\n![Photo](${IMAGES}/photo.jpg) and [home](__GHOST_URL__/)`;
  era.mobiledoc = JSON.stringify(doc);
  const path = join(folder, 'export.json');
  writeFileSync(path, JSON.stringify(file));
  return path;
}

/** A `ghost backup` folder: content/images/2021/03/ with Ghost's shrunk cover, its original (_o) and a photo. */
async function ghostBackup(root: string): Promise<string> {
  const images = join(root, 'content', 'images', '2021', '03');
  mkdirSync(images, { recursive: true });
  writeFileSync(join(images, 'cover_o.jpg'), await makeImage(1600, 900, 'jpeg'));
  writeFileSync(join(images, 'cover.jpg'), await makeImage(800, 450, 'jpeg'));
  writeFileSync(join(images, 'photo.jpg'), await makeImage(640, 480, 'jpeg'));
  writeFileSync(join(images, 'diagram.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return root;
}

function useImport(t: TestApp, mediaDir: string) {
  return (args: string[]) =>
    folioCli(['import-ghost', ...args], {
      DATABASE_URL: t.database.url,
      MEDIA_DIR: mediaDir,
      APP_URL: SITE,
    });
}

const MEDIA_URL = new RegExp(`^${SITE}/media/([0-9a-f-]{36})/(\\d+)\\.jpg$`);

async function article(t: TestApp, slug: string) {
  const [row] = await t.dataSource.query<{ cover_image: string; body: string }[]>(
    `SELECT cover_image, body FROM articles WHERE slug = $1`,
    [slug],
  );
  return row;
}

/** The URLs of a markdown body's images, in order. */
const bodyImages = (body: string) => [...body.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);

describe("npm run cli -- import-ghost --images: the old site's images into the media library", () => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-ghost-images-'));
  const mediaDir = join(folder, 'media');
  const t = useTestApp({ ...FAST_AUTH_ENV, MEDIA_DIR: mediaDir, APP_URL: SITE });
  const cli = useImport(t, mediaDir);
  let exportFile: string;
  let backup: string;
  let ownerId: number;

  beforeAll(async () => {
    ownerId = (await registerUser(t, { username: 'owner', email: 'owner@old-blog.test' })).id;
    exportFile = exportWithImages(folder);
    backup = await ghostBackup(join(folder, 'backup'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('asks for the old address and one source, and says a missing folder', async () => {
    const failure = (args: string[]) =>
      cli(args).catch((error: { code: number; stderr: string }) => error);
    await expect(failure([exportFile, '--images', backup])).resolves.toMatchObject({ code: 2 });
    await expect(
      failure([exportFile, '--ghost-url', OLD_SITE, '--images', backup, '--fetch-images']),
    ).resolves.toMatchObject({ code: 2 });
    const missing = await failure([exportFile, '--ghost-url', OLD_SITE, '--images', '/nope/x']);
    expect(missing).toMatchObject({ code: 1 });
    expect(missing.stderr).toContain('--images: /nope/x is not a folder');
    // The copies' links are written with the blog's address: not this machine's default.
    const noAddress = await folioCli(
      ['import-ghost', exportFile, '--ghost-url', OLD_SITE, '--images', backup],
      { DATABASE_URL: t.database.url, MEDIA_DIR: mediaDir, APP_URL: '' },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(noAddress).toMatchObject({ code: 1 });
    expect((noAddress as { stderr: string }).stderr).toContain('Copying images needs APP_URL');
  });

  it('on a dry run, says what it found and copies nothing', async () => {
    const { stdout } = await cli([
      exportFile,
      '--ghost-url',
      OLD_SITE,
      '--images',
      backup,
      '--dry-run',
    ]);
    expect(stdout).toContain('Found 3 images to copy into the media library');
    expect(stdout).toContain(
      `${OLD_SITE}/content/images/2021/03/gone.jpg: not in ${backup}/content/images`,
    );
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM media`);
    expect(n).toBe(0);
  });

  it('copies each image once (Ghost original first) as its author, and points the articles at the copies', async () => {
    const { stdout, stderr } = await cli([exportFile, '--ghost-url', OLD_SITE, '--images', backup]);
    // Folio's modules start quietly: the report is the command's output.
    expect(stderr).toBe('');
    expect(stdout).toContain('Imported 5 articles');
    expect(stdout).toContain('Copied 2 images into the media library');
    expect(stdout).toContain('Images left at the old address (2):');
    expect(stdout).toContain(
      `${OLD_SITE}/content/images/2021/03/gone.jpg: not in ${backup}/content/images`,
    );
    expect(stdout).toContain(
      `${OLD_SITE}/content/images/2021/03/diagram.svg: the media library refused it: it must be a JPEG, PNG, WebP, AVIF or GIF image`,
    );

    const hello = await article(t, 'hello-from-ghost');
    const [, coverId, coverWidth] = MEDIA_URL.exec(hello.cover_image) ?? [];
    // Ghost's own upload (cover_o.jpg, 1600 wide), not the copy it shrank to 800.
    expect(Number(coverWidth)).toBe(1600);
    const [photo, smaller, gone, svg, elsewhere] = bodyImages(hello.body);
    expect(photo).toMatch(MEDIA_URL);
    expect(smaller).toBe(photo);
    expect(gone).toBe(`${OLD_SITE}/content/images/2021/03/gone.jpg`);
    expect(svg).toBe(`${OLD_SITE}/content/images/2021/03/diagram.svg`);
    expect(elsewhere).toBe(ELSEWHERE);
    expect(bodyImages((await article(t, 'half-written')).body)).toEqual([photo]);
    const era = (await article(t, 'markdown-era')).body;
    expect(bodyImages(era)).toEqual([photo]);
    expect(era).toContain(`[home](${OLD_SITE}/)`);

    const media = await t.dataSource.query(
      `SELECT public_id AS id, uploader_id AS uploader, width FROM media ORDER BY width DESC`,
    );
    expect(media).toEqual([
      { id: coverId, uploader: ownerId, width: 1600 },
      { id: MEDIA_URL.exec(photo)?.[1], uploader: ownerId, width: 640 },
    ]);
    const served = await t.http().get(new URL(photo).pathname).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(served.body as Buffer).metadata()).width).toBe(640);
  });

  it('run again, copies nothing for the articles already here', async () => {
    const { stdout } = await cli([exportFile, '--ghost-url', OLD_SITE, '--images', backup]);
    expect(stdout).toContain('Imported 0 articles');
    expect(stdout).toContain('Copied 0 images into the media library');
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM media`);
    expect(n).toBe(2);
  });
});

describe('npm run cli -- import-ghost --fetch-images: from the old site, still up', () => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-ghost-fetch-'));
  const mediaDir = join(folder, 'media');
  const t = useTestApp({ ...FAST_AUTH_ENV, MEDIA_DIR: mediaDir, APP_URL: SITE });
  const cli = useImport(t, mediaDir);
  const asked: string[] = [];
  let oldSite: Server;
  let oldUrl: string;
  let exportFile: string;

  beforeAll(async () => {
    await registerUser(t, { username: 'owner', email: 'owner@old-blog.test' });
    exportFile = exportWithImages(folder);
    const backup = await ghostBackup(join(folder, 'backup'));
    // Ghost serves content/images/ as files; gone.jpg it no longer has, the SVG fails there.
    oldSite = createServer((request, response) => {
      asked.push(request.url ?? '');
      if (request.url?.includes('diagram')) {
        response.statusCode = 500;
        response.end('Internal error');
        return;
      }
      try {
        response.end(readFileSync(join(backup, decodeURIComponent(request.url ?? ''))));
      } catch {
        response.statusCode = 404;
        response.end('Not found');
      }
    });
    await new Promise<void>((done) => oldSite.listen(0, '127.0.0.1', done));
    oldUrl = `http://127.0.0.1:${(oldSite.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => oldSite.close(done));
    rmSync(folder, { recursive: true, force: true });
  });

  it("downloads each image once, Ghost's original first, and says what the old site did not have", async () => {
    const { stdout } = await cli([exportFile, '--ghost-url', oldUrl, '--fetch-images']);
    expect(stdout).toContain('Copied 2 images into the media library');
    expect(stdout).toContain(
      `${oldUrl}/content/images/2021/03/gone.jpg: the old site does not have it (404)`,
    );
    expect(stdout).toContain(
      `${oldUrl}/content/images/2021/03/diagram.svg: the old site answered 500`,
    );
    const hello = await article(t, 'hello-from-ghost');
    expect(Number(MEDIA_URL.exec(hello.cover_image)?.[2])).toBe(1600);
    expect(bodyImages(hello.body)[0]).toMatch(MEDIA_URL);
    // Ghost's original (_o) asked first; the size/w600/ address read as the file it was made from.
    expect(asked.filter((url) => url.includes('photo'))).toEqual([
      '/content/images/2021/03/photo_o.jpg',
      '/content/images/2021/03/photo.jpg',
    ]);
    expect(asked).not.toContain('/content/images/size/w600/2021/03/photo.jpg');
    expect(dirname(asked[0])).toBe('/content/images/2021/03');
  });
});
