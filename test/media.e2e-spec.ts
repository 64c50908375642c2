import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { MEDIA_STORAGE } from '../src/modules/media/media-settings.provider';
import { MediaService } from '../src/modules/media/media.service';
import type { ObjectStorage } from '../libs/storage/object-storage';
import { makeSuperuser, registerUser } from './support/auth-factory';
import {
  attach,
  binary,
  Format,
  makeImage,
  plainImage,
  pngBomb,
  textChunk,
  withPngChunks,
} from './support/media-images';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

interface Variant {
  url: string;
  format: string;
  width: number;
  height: number;
  bytes: number;
}
interface MediaBody {
  id: string;
  format: string;
  width: number;
  height: number;
  url: string;
  srcset: string;
  variants: Variant[];
}

const MAX_BYTES = 8 * 1024 * 1024;
const folder = mkdtempSync(join(tmpdir(), 'folio-media-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('media on local disk', () => {
  const t = useTestApp({
    ...FAST_AUTH_ENV,
    LOG_LEVEL: 'error',
    MEDIA_DIR: folder,
    MEDIA_MAX_BYTES: String(MAX_BYTES),
    MEDIA_PROCESSING_CONCURRENCY: '2',
  });

  const path = (url: string) => new URL(url).pathname;
  const fetchFile = (url: string) => t.http().get(path(url)).buffer(true).parse(binary);
  async function upload(token: string, data: Buffer, filename?: string, type?: string) {
    return attach(t.as(token), data, filename, type);
  }
  async function uploaded(token: string, data: Buffer): Promise<MediaBody> {
    const response = await upload(token, data);
    expect(response.status).toBe(201);
    return (response.body as { media: MediaBody }).media;
  }

  const EXTENSION: Record<string, string> = {
    jpeg: 'jpg',
    png: 'png',
    webp: 'webp',
    avif: 'avif',
    gif: 'gif',
  };

  it.each<Format>(['jpeg', 'png', 'webp', 'avif', 'gif'])(
    'a %s round-trips: its type from its bytes, variants at 320/640/1280 and its own width',
    async (format) => {
      const user = await registerUser(t);
      // Named and typed as something else: only the bytes count.
      const response = await upload(
        user.token,
        await makeImage(1500, 1000, format),
        'x.txt',
        'text/plain',
      );
      expect(response.status).toBe(201);
      const media = (response.body as { media: MediaBody }).media;
      expect(media).toMatchObject({ format, width: 1500, height: 1000 });
      const formats = format === 'webp' ? ['webp'] : ['webp', format];
      const expected = [320, 640, 1280, 1500].flatMap((width) =>
        formats.map((f) => ({ format: f, width, height: Math.round((width * 1000) / 1500) })),
      );
      expect(
        media.variants.map(({ format: f, width, height }) => ({ format: f, width, height })),
      ).toEqual(expect.arrayContaining(expected));
      expect(media.variants).toHaveLength(expected.length);
      expect(media.srcset.split(', ').map((s) => s.split(' ')[1])).toEqual([
        '320w',
        '640w',
        '1280w',
        '1500w',
      ]);
      expect(path(media.url)).toBe(`/media/${media.id}/1500.${EXTENSION[format]}`);
      for (const variant of media.variants) {
        const file = await fetchFile(variant.url);
        expect(file.status).toBe(200);
        expect(file.headers['content-type']).toBe(
          variant.format === 'jpeg' ? 'image/jpeg' : `image/${variant.format}`,
        );
        const served = await sharp(file.body as Buffer).metadata();
        expect({ format: served.format, width: served.width, height: served.height }).toEqual({
          format: variant.format === 'avif' ? 'heif' : variant.format,
          width: variant.width,
          height: variant.height,
        });
        expect((file.body as Buffer).length).toBe(variant.bytes);
      }
    },
  );

  it('a page opened at another name of this server (127.0.0.1, APP_URL unset: localhost) may show its uploads', async () => {
    const user = await registerUser(t);
    const media = await uploaded(user.token, await makeImage(400, 300, 'png'));
    // What a new user has: no APP_URL, so links say localhost while the server is opened at 127.0.0.1.
    expect(new URL(media.url).origin).toBe('http://localhost:3000');
    const page = await t.http().get('/');
    const csp = String(page.headers['content-security-policy']);
    const imgSrc = /img-src ([^;]*)/.exec(csp)?.[1].split(' ') ?? [];
    // A browser opened at 127.0.0.1 ('self') checks the image's origin against this list.
    expect(imgSrc).toContain(new URL(media.url).origin);
    expect(imgSrc).not.toContain('http:');
  });

  it('gives an uploaded cover’s size and type to the feeds’ enclosures (RSS requires the length)', async () => {
    const user = await registerUser(t);
    const media = await uploaded(user.token, await makeImage(1500, 1000, 'png'));
    const largest = media.variants.find((v) => v.url === media.url) as Variant;
    const article = await createArticle(t, user.token, { coverImage: media.url });
    const feed = async (file: string) =>
      (await t.http().get(`/profile/${user.username}/${file}`).expect(200)).text;
    // <enclosure url=… length=… type=…/>, in any attribute order.
    const attributes = (element: string | undefined) =>
      Object.fromEntries(
        [...(element ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name, value]),
      );
    const rss = attributes(/<enclosure [^>]*>/.exec(await feed('rss.xml'))?.[0]);
    expect(rss).toEqual({ url: media.url, length: String(largest.bytes), type: 'image/png' });
    const atom = attributes(/<link [^>]*rel="enclosure"[^>]*>/.exec(await feed('atom.xml'))?.[0]);
    expect(atom).toMatchObject({ href: media.url, length: String(largest.bytes) });
    // Another host's cover: its size is unknown, said as RSS says it (0).
    await t
      .as(user.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { coverImage: 'https://images.example.com/covers/dragon.png' } })
      .expect(200);
    expect(attributes(/<enclosure [^>]*>/.exec(await feed('rss.xml'))?.[0])).toMatchObject({
      url: 'https://images.example.com/covers/dragon.png',
      length: '0',
    });
    const cover = async (coverImage: string) => {
      await t
        .as(user.token)
        .put(`/api/articles/${article.slug}`)
        .send({ article: { coverImage } })
        .expect(200);
      const [rss, atom, json] = [
        await feed('rss.xml'),
        await feed('atom.xml'),
        JSON.parse(await feed('feed.json')) as {
          items: { image?: string; content_html: string }[];
        },
      ];
      return {
        rss:
          /<enclosure [^>]*>/.exec(rss)?.[0] && attributes(/<enclosure [^>]*>/.exec(rss)?.[0]).type,
        atom: attributes(/<link [^>]*rel="enclosure"[^>]*>/.exec(atom)?.[0]).type,
        json: json.items[0].image,
        // The cover leads the content, for readers that show no enclosure.
        leads: json.items[0].content_html.startsWith(
          `<p><img src="${coverImage.replaceAll('&', '&amp;')}" alt=""></p>`,
        ),
      };
    };
    // A .jpg is image/jpeg (the feed package wrote image/jpg).
    expect(await cover('https://images.example.com/covers/dragon.jpg')).toEqual({
      rss: 'image/jpeg',
      atom: 'image/jpeg',
      json: 'https://images.example.com/covers/dragon.jpg',
      leads: true,
    });
    // No extension (an image service's URL): no type to give, so no enclosure (it wrote `image//photo-1`).
    const service = 'https://images.example.com/photo-1500000000000?w=1200&q=80';
    expect(await cover(service)).toEqual({
      rss: undefined,
      atom: undefined,
      json: service,
      leads: true,
    });
  });

  it('never makes an image larger than it is', async () => {
    const user = await registerUser(t);
    const media = await uploaded(user.token, await makeImage(500, 250, 'png'));
    expect(media.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort()).toEqual([
      'png 320x160',
      'png 500x250',
      'webp 320x160',
      'webp 500x250',
    ]);
  });

  it('keeps a long screenshot: variants past WebP’s 16,383-pixel side are narrowed to fit it', async () => {
    const user = await registerUser(t);
    const media = await uploaded(user.token, await plainImage(1000, 20_000, 'png'));
    expect(media.width).toBe(1000);
    expect(media.height).toBe(20_000);
    expect(media.variants.map((v) => `${v.format} ${v.width}x${v.height}`).sort()).toEqual([
      'png 320x6400',
      'png 640x12800',
      'png 819x16380',
      'webp 320x6400',
      'webp 640x12800',
      'webp 819x16380',
    ]);
    const tooNarrow = await upload(
      user.token,
      await plainImage(1, 40_000, 'png'),
      'line.png',
      'image/png',
    );
    expect(tooNarrow.status).toBe(422);
    expect(tooNarrow.body).toEqual({
      errors: { file: ['is too tall for its width (at most 16383 times as tall as wide)'] },
    });
  });

  it('applies the EXIF orientation and serves no EXIF, GPS included', async () => {
    const user = await registerUser(t);
    const photo = await sharp(await makeImage(300, 200, 'jpeg'))
      .withExif({
        IFD0: { Make: 'Folio Test Camera' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '48/1 51/1 24/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '2/1 21/1 3/1',
        },
      })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const before = await sharp(photo).metadata();
    expect(before.exif?.toString('latin1')).toContain('Folio Test Camera');
    expect(before.orientation).toBe(6);
    const media = await uploaded(user.token, photo);
    expect(media).toMatchObject({ width: 200, height: 300 });
    for (const variant of media.variants) {
      const body = (await fetchFile(variant.url)).body as Buffer;
      const served = await sharp(body).metadata();
      expect(served.exif).toBeUndefined();
      expect(served.orientation ?? 1).toBe(1);
      expect(served.height).toBeGreaterThan(served.width ?? 0);
      expect(body.toString('latin1')).not.toContain('Folio Test Camera');
    }
  });

  it('re-encodes a PHP/HTML polyglot named .png: nothing of the payload is served', async () => {
    const user = await registerUser(t);
    const payload = '<?php system($_GET["c"]); ?><script>alert(document.domain)</script>';
    const polyglot = Buffer.concat([
      withPngChunks(await makeImage(400, 300, 'png'), textChunk('Comment', payload)),
      Buffer.from(`<html><body>${payload}</body></html>`),
    ]);
    const response = await upload(user.token, polyglot, 'shell.php.png', 'image/png');
    expect(response.status).toBe(201);
    const media = (response.body as { media: MediaBody }).media;
    for (const variant of media.variants) {
      const text = ((await fetchFile(variant.url)).body as Buffer).toString('latin1');
      expect(text).not.toContain('<?php');
      expect(text).not.toContain('<script');
      expect(text).not.toContain('system(');
    }
  });

  it.each([
    [
      'a text file named .jpg',
      Buffer.from('just some text, not a photo\n'.repeat(20)),
      'photo.jpg',
      'image/jpeg',
    ],
    [
      'an SVG (it can hold scripts)',
      Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
      ),
      'logo.svg',
      'image/svg+xml',
    ],
    [
      'an HTML page named .png',
      Buffer.from('<!doctype html><script>alert(1)</script>'),
      'a.png',
      'image/png',
    ],
  ])('refuses %s with a 415', async (_name, data, filename, type) => {
    const user = await registerUser(t);
    const response = await upload(user.token, data, filename, type);
    expect(response.status).toBe(415);
    expect(response.body).toEqual({
      errors: { file: ['must be a JPEG, PNG, WebP, AVIF or GIF image'] },
    });
    await expect(
      t.dataSource.query('SELECT 1 FROM media WHERE uploader_id = $1', [user.id]),
    ).resolves.toEqual([]);
  });

  it('refuses a truncated JPEG with a 422', async () => {
    const user = await registerUser(t);
    const jpeg = await makeImage(800, 600, 'jpeg');
    const response = await upload(user.token, jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    expect(response.status).toBe(422);
    expect(response.body).toEqual({ errors: { file: ['is not a readable image'] } });
  });

  it('refuses a 20,000 × 20,000 PNG of a few KB with a 422, from its header', async () => {
    const user = await registerUser(t);
    const bomb = pngBomb(20_000);
    expect(bomb.length).toBeLessThan(100_000);
    const started = Date.now();
    const response = await upload(user.token, bomb, 'bomb.png', 'image/png');
    expect(response.status).toBe(422);
    expect(response.body).toEqual({
      errors: { file: ['has more pixels than the limit (50 megapixels)'] },
    });
    // Decoding 400 megapixels would take seconds and gigabytes.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses an upload over MEDIA_MAX_BYTES with a 413, in the API error shape', async () => {
    const user = await registerUser(t);
    const jpeg = await makeImage(64, 64, 'jpeg');
    // Refused by its Content-Length; and one byte over, refused while streaming it (busboy's limit).
    for (const size of [MAX_BYTES * 2, MAX_BYTES + 1]) {
      const big = Buffer.concat([jpeg, Buffer.alloc(size - jpeg.length)]);
      const response = await upload(user.token, big);
      expect(response.status).toBe(413);
      expect(response.body).toEqual({ errors: { file: ['is larger than 8 MB'] } });
    }
    const exact = Buffer.concat([jpeg, Buffer.alloc(MAX_BYTES - jpeg.length)]);
    expect((await upload(user.token, exact)).status).toBe(201);
  });

  it('answers a 100 MB upload with a 413 before it is sent', async () => {
    const user = await registerUser(t);
    const server = t.app.getHttpServer();
    if (!server.listening)
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const total = 100 * 1024 * 1024;
    let sent = 0;
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/media',
        headers: {
          Authorization: `Token ${user.token}`,
          'Content-Type': 'multipart/form-data; boundary=xyz',
          'Content-Length': total,
        },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on('error', (error) => (sent >= total ? reject(error) : undefined));
      const chunk = Buffer.alloc(64 * 1024);
      const writeMore = () => {
        // At most 8 MB: the answer must come long before the 100 MB.
        while (sent < 8 * 1024 * 1024 && !request.destroyed) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', writeMore);
        }
      };
      request.write(
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n',
      );
      writeMore();
    });
    expect(status).toBe(413);
    expect(sent).toBeLessThan(total);
  });

  it('processes concurrent uploads, each once', async () => {
    const user = await registerUser(t);
    const images = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => makeImage(700 + i, 500, 'jpeg')),
    );
    const responses = await Promise.all(images.map((image) => upload(user.token, image)));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const widths = responses.map((r) => (r.body as { media: MediaBody }).media.width);
    expect(widths).toEqual([700, 701, 702, 703, 704, 705]);
    const list = await t.as(user.token).get('/api/media?limit=4');
    expect(list.status).toBe(200);
    expect(list.body.mediaCount).toBe(6);
    // Newest first: the order they finished in.
    const listed = (list.body.media as MediaBody[]).map((m) => m.id);
    expect(listed).toHaveLength(4);
    const ids = responses.map((r) => (r.body as { media: MediaBody }).media.id);
    expect(new Set(ids).size).toBe(6);
    expect(ids).toEqual(expect.arrayContaining(listed));
  });

  describe('serving', () => {
    let file: Variant;
    let whole: Buffer;
    beforeAll(async () => {
      const user = await registerUser(t);
      const media = await uploaded(user.token, await makeImage(700, 500, 'jpeg'));
      file = media.variants.find((v) => v.format === 'webp' && v.width === 640) as Variant;
      whole = (await fetchFile(file.url)).body as Buffer;
    });

    it('sends caching and safety headers', async () => {
      const response = await fetchFile(file.url);
      expect(response.headers).toMatchObject({
        'content-type': 'image/webp',
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'accept-ranges': 'bytes',
        'content-length': String(whole.length),
      });
      expect(response.headers.etag).toMatch(/^"[^"]+"$/);
      const again = await t.http().get(path(file.url)).set('If-None-Match', response.headers.etag);
      expect(again.status).toBe(304);
    });

    it('answers ranges with 206 and the bytes asked for', async () => {
      const first = await t
        .http()
        .get(path(file.url))
        .set('Range', 'bytes=0-99')
        .buffer(true)
        .parse(binary);
      expect(first.status).toBe(206);
      expect(first.headers['content-range']).toBe(`bytes 0-99/${whole.length}`);
      expect(first.body).toEqual(whole.subarray(0, 100));
      const last = await t
        .http()
        .get(path(file.url))
        .set('Range', 'bytes=-10')
        .buffer(true)
        .parse(binary);
      expect(last.status).toBe(206);
      expect(last.body).toEqual(whole.subarray(whole.length - 10));
    });

    it('answers a range past the end with 416', async () => {
      const response = await t.http().get(path(file.url)).set('Range', `bytes=${whole.length}-`);
      expect(response.status).toBe(416);
      expect(response.headers['content-range']).toBe(`bytes */${whole.length}`);
      // An error, never kept by a cache under the image's address.
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('redirects a standard width wider than the upload to its widest file of that format', async () => {
      const id = path(file.url).split('/')[2];
      for (const [asked, widest] of [
        ['1280.webp', '700.webp'],
        ['2048.jpg', '700.jpg'],
      ]) {
        const response = await t.http().get(`/media/${id}/${asked}`);
        expect({ asked, status: response.status, location: response.headers.location }).toEqual({
          asked,
          status: 302,
          location: `/media/${id}/${widest}`,
        });
        expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      }
      // Only the standard widths, and only wider than the upload: the rest stays missing.
      for (const asked of ['1000.webp', '4096.webp', '1280.png']) {
        const response = await t.http().get(`/media/${id}/${asked}`);
        expect({ asked, status: response.status }).toEqual({ asked, status: 404 });
      }
    });

    it('answers 404 for unknown ids, files and originals', async () => {
      const id = path(file.url).split('/')[2];
      for (const url of [
        `/media/00000000-0000-4000-8000-000000000000/640.webp`,
        `/media/${id}/641.webp`,
        `/media/${id}/640.svg`,
        `/media/${id}/original`,
        `/media/not-an-id/640.webp`,
        `/media/${id}/..%2F..%2Fetc%2Fpasswd`,
      ]) {
        const response = await t.http().get(url);
        expect({ url, status: response.status }).toEqual({ url, status: 404 });
      }
    });
  });

  describe('ownership', () => {
    it('lets no one else delete an upload, a superuser delete any, and the files go with it', async () => {
      const [owner, other, admin] = await Promise.all([
        registerUser(t),
        registerUser(t),
        registerUser(t),
      ]);
      await makeSuperuser(t, admin.id);
      const media = await uploaded(owner.token, await makeImage(400, 300, 'png'));
      const refused = await t.as(other.token).delete(`/api/media/${media.id}`);
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ errors: { media: ['forbidden'] } });
      expect((await t.as(other.token).get('/api/media')).body.mediaCount).toBe(0);
      expect((await t.as(admin.token).delete(`/api/media/${media.id}`)).status).toBe(204);
      expect((await t.as(owner.token).get(`/api/media/${media.id}`)).status).toBe(404);
      // The files go after the delete commits, in the background: soon, not at once (a fixed 50 ms
      // wait failed on a loaded CI machine).
      await waitFor(
        'the deleted upload to be 404',
        async () => (await t.http().get(path(media.url))).status === 404,
      );
    });

    it('refuses with 409 to delete an upload an article body or cover, or a profile image uses', async () => {
      const owner = await registerUser(t);
      const inBody = await uploaded(owner.token, await makeImage(400, 300, 'png'));
      const asAvatar = await uploaded(owner.token, await makeImage(400, 300, 'png'));
      const asCover = await uploaded(owner.token, await makeImage(400, 300, 'png'));
      await createArticle(t, owner.token, { coverImage: asCover.url });
      const article = await createArticle(t, owner.token, {
        body: `A picture:\n\n![a cat](${path(inBody.variants[0].url)})`,
      });
      await t
        .as(owner.token)
        .put('/api/user')
        .send({ user: { image: asAvatar.url } })
        .expect(200);
      for (const media of [inBody, asAvatar, asCover]) {
        const response = await t.as(owner.token).delete(`/api/media/${media.id}`);
        expect(response.status).toBe(409);
        expect(response.body).toEqual({
          errors: { media: ['is used by an article, a page or a profile image'] },
        });
      }
      await t.as(owner.token).delete(`/api/articles/${article.slug}`).expect(204);
      expect((await t.as(owner.token).delete(`/api/media/${inBody.id}`)).status).toBe(204);
    });

    it("refuses with 409 to delete an upload a static page's cover or body uses, and the clean-up keeps it", async () => {
      const editor = await registerUser(t);
      await makeSuperuser(t, editor.id);
      const asCover = await uploaded(editor.token, await makeImage(400, 300, 'png'));
      const inBody = await uploaded(editor.token, await makeImage(401, 300, 'png'));
      const page = await t
        .as(editor.token)
        .post('/api/pages')
        .send({
          page: {
            title: `Uses uploads ${asCover.id}`,
            body: `![a map](${path(inBody.variants[0].url)})`,
            coverImage: asCover.url,
          },
        })
        .expect(201);
      for (const media of [asCover, inBody]) {
        await t
          .as(editor.token)
          .delete(`/api/media/${media.id}`)
          .expect(409, { errors: { media: ['is used by an article, a page or a profile image'] } });
      }
      await t.dataSource.query(
        `UPDATE media SET created_at = now() - interval '2 days' WHERE public_id = ANY($1::uuid[])`,
        [[asCover.id, inBody.id]],
      );
      await t.app.get(MediaService).deleteOrphans(new Date(Date.now() - 86_400_000));
      expect((await t.http().get(path(asCover.url))).status).toBe(200);
      // Another cover: the first is no longer used and goes.
      const slug = (page.body as { page: { slug: string } }).page.slug;
      await t
        .as(editor.token)
        .put(`/api/pages/${slug}`)
        .send({ page: { coverImage: null } })
        .expect(200);
      await t.as(editor.token).delete(`/api/media/${asCover.id}`).expect(204);
      await t.as(editor.token).delete(`/api/media/${inBody.id}`).expect(409);
    });
  });

  it('deletes unused uploads older than a day, rows and files, and keeps the rest', async () => {
    const owner = await registerUser(t);
    const [old, oldUsed, recent] = await Promise.all([
      uploaded(owner.token, await makeImage(330, 200, 'jpeg')),
      uploaded(owner.token, await makeImage(331, 200, 'jpeg')),
      uploaded(owner.token, await makeImage(332, 200, 'jpeg')),
    ]);
    await createArticle(t, owner.token, { body: `<img src="${oldUsed.url}">` });
    await t.dataSource.query(
      `UPDATE media SET created_at = now() - interval '2 days' WHERE public_id = ANY($1::uuid[])`,
      [[old.id, oldUsed.id]],
    );
    await t.app.get(MediaService).deleteOrphans(new Date(Date.now() - 86_400_000));
    const left: { public_id: string }[] = await t.dataSource.query(
      'SELECT public_id FROM media WHERE uploader_id = $1',
      [owner.id],
    );
    expect(left.map((row) => row.public_id).sort()).toEqual([oldUsed.id, recent.id].sort());
    expect((await t.http().get(path(old.url))).status).toBe(404);
    expect((await t.http().get(path(oldUsed.url))).status).toBe(200);
  });

  it('keeps an upload of the clean-up batch that an article starts using while the batch is deleted', async () => {
    const owner = await registerUser(t);
    const [first, second] = [
      await uploaded(owner.token, await makeImage(333, 200, 'jpeg')),
      await uploaded(owner.token, await makeImage(334, 200, 'jpeg')),
    ];
    await t.dataSource.query(
      `UPDATE media SET created_at = now() - interval '2 days' WHERE public_id = ANY($1::uuid[])`,
      [[first.id, second.id]],
    );
    // Removing the first orphan's files is slow (S3); meanwhile an article starts using the second.
    const storage = t.app.get<ObjectStorage>(MEDIA_STORAGE);
    const deletePrefix = storage.deletePrefix.bind(storage);
    const removal = jest.spyOn(storage, 'deletePrefix').mockImplementationOnce(async (prefix) => {
      await createArticle(t, owner.token, { body: `![late](${path(second.url)})` });
      return deletePrefix(prefix);
    });
    try {
      await t.app.get(MediaService).deleteOrphans(new Date(Date.now() - 86_400_000));
    } finally {
      removal.mockRestore();
    }
    const left: { public_id: string }[] = await t.dataSource.query(
      'SELECT public_id FROM media WHERE public_id = ANY($1::uuid[])',
      [[first.id, second.id]],
    );
    expect(left.map((row) => row.public_id)).toEqual([second.id]);
    expect((await t.http().get(path(second.url))).status).toBe(200);
  });

  it('needs a token to upload, and a multipart body only on the upload route', async () => {
    const image = await makeImage(100, 100, 'png');
    const anonymous = await t.http().post('/api/media').attach('file', image, 'a.png');
    expect(anonymous.status).toBe(401);
    const user = await registerUser(t);
    const elsewhere = await t.as(user.token).post('/api/articles').attach('file', image, 'a.png');
    expect(elsewhere.status).toBe(415);
    const noFile = await t.as(user.token).post('/api/media').field('title', 'x');
    expect(noFile.status).toBe(422);
    expect(noFile.body).toEqual({ errors: { file: ["can't be blank"] } });
    // The file in another field is not taken for it: docs/media.md names the field.
    const otherField = await t
      .as(user.token)
      .post('/api/media')
      .attach('image', image, { filename: 'a.png', contentType: 'image/png' });
    expect(otherField.status).toBe(422);
    expect(otherField.body).toEqual({ errors: { file: ["can't be blank"] } });
  });

  it.each([
    ['a body that is not multipart at all', 'garbage'],
    [
      'a boundary the body does not use',
      '--other\r\nContent-Disposition: form-data; name="file"\r\n\r\nx\r\n--other--\r\n',
    ],
    [
      'a part that never ends',
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nPNG...',
    ],
  ])('answers %s with a 400 in the API shape, not a 500', async (_what, body) => {
    const user = await registerUser(t);
    const response = await t
      .as(user.token)
      .post('/api/media')
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: { body: ['is not valid multipart/form-data'] } });
    // The server still answers.
    await t.as(user.token).get('/api/media').expect(200);
  });
});
