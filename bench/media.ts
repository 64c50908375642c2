/**
 * npm run bench:media: upload + processing of a 4000 × 3000 JPEG through the built app (dist/, on a
 * scratch database of DATABASE_URL's server), the process's peak RSS meanwhile, and req/s of a served
 * variant against @fastify/static serving the same file. Writes bench/results/media-latest.md.
 */
import fastifyStatic from '@fastify/static';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import sharp from 'sharp';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const ROOT = join(__dirname, '..');
const UPLOADS = 5;
const SECONDS = 10;
const CONNECTIONS = 20;

// The build, not the sources: the app never runs under tsx (no decorator metadata).
/* eslint-disable @typescript-eslint/no-require-imports */
const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
const { AppModule } = require(
  join(ROOT, 'dist/src/app.module'),
) as typeof import('../src/app.module');
const { loadConfig } = require(
  join(ROOT, 'dist/src/config/app-config'),
) as typeof import('../src/config/app-config');
const { configureApp, createHttpAdapter } = require(
  join(ROOT, 'dist/src/configure-app'),
) as typeof import('../src/configure-app');
/* eslint-enable @typescript-eslint/no-require-imports */

async function photo(): Promise<Buffer> {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i * 7919) % 251) ^ (i >> 12);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function cannon(url: string): Promise<number> {
  return (await reads(url)).rps;
}

/** req/s and p50/p99 latency of GETs of `url`. */
async function reads(url: string): Promise<{ rps: number; p50: number; p99: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Uploaders that each send the photo again and again until `stop` says so; how many went through. */
async function uploadBurst(
  base: string,
  token: string,
  jpeg: Buffer,
  uploaders: number,
  stop: () => boolean,
): Promise<number> {
  let done = 0;
  const loop = async (): Promise<void> => {
    while (!stop()) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
      const response = await fetch(`${base}/api/media`, {
        method: 'POST',
        headers: { Authorization: `Token ${token}` },
        body: form,
      });
      await response.arrayBuffer();
      if (response.status === 201) done++;
    }
  };
  await Promise.all(Array.from({ length: uploaders }, loop));
  return done;
}

const BURST_UPLOADERS = 8;

async function main(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `folio_bench_media_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const mediaDir = mkdtempSync(join(tmpdir(), 'folio-bench-media-'));
  let app: NestFastifyApplication | undefined;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      MEDIA_DIR: mediaDir,
      AUTH_RATE_LIMIT_ENABLED: 'false',
    });
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({ config, databaseUrl: url.toString() }),
      createHttpAdapter(config.http),
      { logger: ['error'] },
    );
    configureApp(app, config.http);
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    const register = await fetch(`${base}/api/users`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        user: { username: 'bench', email: 'bench@example.test', password: 'bench-password-1' },
      }),
    });
    const token = ((await register.json()) as { user: { token: string } }).user.token;
    const jpeg = await photo();

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const times: number[] = [];
    let variantUrl = '';
    for (let i = 0; i < UPLOADS; i++) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg');
      const started = performance.now();
      const response = await fetch(`${base}/api/media`, {
        method: 'POST',
        headers: { Authorization: `Token ${token}` },
        body: form,
      });
      times.push(performance.now() - started);
      if (response.status !== 201)
        throw new Error(`upload: ${response.status} ${await response.text()}`);
      const body = (await response.json()) as {
        media: { variants: { url: string; format: string; width: number }[] };
      };
      variantUrl =
        body.media.variants.find((v) => v.format === 'webp' && v.width === 1280)?.url ?? '';
    }
    clearInterval(sampler);
    const variantPath = new URL(variantUrl).pathname;
    const folio = await cannon(`${base}${variantPath}`);

    // Reads while a burst of uploads is processed: the bounded pool leaves the event loop and a core
    // to the reads.
    const listUrl = `${base}/api/articles?limit=20`;
    const quiet = await reads(listUrl);
    let stopped = false;
    const burst = uploadBurst(base, token, jpeg, BURST_UPLOADERS, () => stopped);
    const busy = await reads(listUrl);
    stopped = true;
    const uploadedInBurst = await burst;

    const plain = Fastify();
    await plain.register(fastifyStatic, { root: mediaDir, prefix: '/media/' });
    const plainBase = await plain.listen({ port: 0, host: '127.0.0.1' });
    const fastifyStaticRps = await cannon(`${plainBase}${variantPath}`);
    await plain.close();

    times.sort((a, b) => a - b);
    const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
    const report = `# Media bench (${new Date().toISOString().slice(0, 10)})

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; app from dist/ in this
process (MEDIA_PROCESSING_CONCURRENCY default: cores − 1), local-disk storage, PostgreSQL at ${url.host}.

## Upload + processing of a 4000 × 3000 JPEG (${mb(jpeg.length)}), ${UPLOADS} uploads one after another

Each upload: stream to a temporary file, sniff, read the header, then 8 encodes (320, 640, 1280 and
2048 wide, WebP and JPEG), store, insert the row.

| median | fastest | slowest | RSS before | peak RSS | peak − before |
| --- | --- | --- | --- | --- | --- |
| ${Math.round(times[Math.floor(times.length / 2)])} ms | ${Math.round(times[0])} ms | ${Math.round(times[times.length - 1])} ms | ${mb(baseline)} | ${mb(peak)} | ${mb(peak - baseline)} |

## Serving a variant (${variantPath.split('/').pop()}), autocannon -c ${CONNECTIONS} -d ${SECONDS}

| server | req/s |
| --- | --- |
| Folio GET /media/<id>/1280.webp (headers, ETag from stat, streamed) | ${folio} |
| @fastify/static on the same folder, same file | ${fastifyStaticRps} |

## Reads during a burst of uploads

GET /api/articles?limit=20, autocannon -c ${CONNECTIONS} -d ${SECONDS}, alone and while ${BURST_UPLOADERS}
clients upload the photo over and over (${uploadedInBurst} uploads processed meanwhile).

| | req/s | p50 ms | p99 ms |
| --- | ---: | ---: | ---: |
| alone | ${quiet.rps} | ${quiet.p50} | ${quiet.p99} |
| during the burst | ${busy.rps} | ${busy.p50} | ${busy.p99} |
| ratio | ${Math.round((100 * busy.rps) / Math.max(1, quiet.rps))} % | | |

Notes: the photo is noise (the worst case for encoders and for size: an ${mb(jpeg.length)} JPEG); the client
(fetch, autocannon) runs in the same process as the app on the same cores, so its RSS and CPU are in the
figures. A noisy 1280-wide WebP is large, so both servers are bound by copying its bytes: Folio's
checks and headers cost nothing measurable beside @fastify/static here.
`;
    writeFileSync(join(ROOT, 'bench/results/media-latest.md'), report);
    console.log(report);
  } finally {
    await app?.close();
    rmSync(mediaDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
