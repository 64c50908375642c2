import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import request from 'supertest';
import { S3Storage } from '../libs/storage/s3-storage';
import { registerUser } from './support/auth-factory';
import { attach, binary, makeImage } from './support/media-images';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { createTestApp, TestApp } from './support/test-app';

// No real S3 server can run here: s3rver speaks the S3 protocol (signatures included) over a folder.
const BUCKET = 'folio-media';

describe('media on an S3-compatible store (s3rver)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'folio-s3rver-'));
  let server: S3rver;
  let endpoint: string;
  let streamed: TestApp;
  let redirected: TestApp;
  let storage: S3Storage;

  beforeAll(async () => {
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      directory: folder,
      silent: true,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    const env = {
      ...FAST_AUTH_ENV,
      LOG_LEVEL: 'error',
      MEDIA_STORAGE: 's3',
      MEDIA_S3_ENDPOINT: endpoint,
      MEDIA_S3_BUCKET: BUCKET,
      MEDIA_S3_REGION: 'us-east-1',
      MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
      MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
      MEDIA_S3_FORCE_PATH_STYLE: 'true',
    };
    [streamed, redirected] = await Promise.all([
      createTestApp(env),
      createTestApp({ ...env, MEDIA_S3_REDIRECT: 'true' }),
    ]);
    storage = new S3Storage({
      endpoint,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    storage?.destroy();
    await Promise.all([streamed?.close(), redirected?.close()]);
    await server?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const path = (url: string) => new URL(url).pathname;

  it('stores the variants in the bucket and streams them through Folio, ranges included', async () => {
    const user = await registerUser(streamed);
    const response = await attach(streamed.as(user.token), await makeImage(900, 600, 'jpeg'));
    expect(response.status).toBe(201);
    const media = response.body.media as {
      id: string;
      variants: { url: string; width: number; format: string }[];
    };
    expect(media.variants).toHaveLength(6);
    for (const variant of media.variants) {
      const key = path(variant.url).replace(/^\/media\//, '');
      await expect(storage.exists(key)).resolves.toBe(true);
      const file = await streamed.http().get(path(variant.url)).buffer(true).parse(binary);
      expect(file.status).toBe(200);
      expect(file.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(file.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
      const served = await sharp(file.body as Buffer).metadata();
      expect(served.width).toBe(variant.width);
      const part = await streamed
        .http()
        .get(path(variant.url))
        .set('Range', 'bytes=10-19')
        .buffer(true)
        .parse(binary);
      expect(part.status).toBe(206);
      expect(part.body).toEqual((file.body as Buffer).subarray(10, 20));
    }
    expect((await streamed.http().get(`/media/${media.id}/123.webp`)).status).toBe(404);

    await streamed.as(user.token).delete(`/api/media/${media.id}`).expect(204);
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const variant of media.variants) {
      await expect(storage.exists(path(variant.url).replace(/^\/media\//, ''))).resolves.toBe(
        false,
      );
    }
  });

  it('sends readers to the store with MEDIA_S3_REDIRECT', async () => {
    const user = await registerUser(redirected);
    const response = await attach(redirected.as(user.token), await makeImage(400, 300, 'png'));
    expect(response.status).toBe(201);
    const variant = (
      response.body.media as { variants: { url: string; format: string }[] }
    ).variants.find((v) => v.format === 'webp') as { url: string };
    const answer = await redirected.http().get(path(variant.url));
    expect(answer.status).toBe(302);
    const location = answer.headers.location;
    expect(location).toBe(`${endpoint}/${BUCKET}${path(variant.url).replace(/^\/media/, '')}`);
    const fromStore = await request(endpoint)
      .get(new URL(location).pathname)
      .buffer(true)
      .parse(binary);
    expect(fromStore.status).toBe(200);
    expect(fromStore.headers['content-type']).toBe('image/webp');
    expect(fromStore.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await sharp(fromStore.body as Buffer).metadata()).format).toBe('webp');
  });
});
