import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PlannedArticle } from './ghost-export';

/*
 * The images of a Ghost import: the cover and body images stored by the old Ghost site (under its
 * /content/images/) are copied into Folio's media library and the article points at the copies, so the
 * old site can go. Images hosted elsewhere (Unsplash, a CDN) stay as they are.
 */

/** An image file ready to upload; `release` deletes it where it was a download. */
export interface FoundImage {
  file: string;
  bytes: number;
  release(): Promise<void>;
}

/** Where the images are read from: Ghost's content/images folder, or the old site itself. */
export interface GhostImageSource {
  /** The image at `path` (below content/images/, Ghost's original first), or why there is none. */
  find(path: string): Promise<FoundImage | { missing: string }>;
}

/** Stores a found image as the author's upload and answers its URL; throws a `RefusedImage` for a file Folio does not take. */
export type StoreImage = (image: FoundImage, authorId: number) => Promise<string>;

/** An image the media library refused (not an image it takes, too many pixels): left at the old address. */
export class RefusedImage extends Error {}

/** An image left at its old address, and why. */
export interface LeftImage {
  url: string;
  reason: string;
}

const MB = 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

/** Ghost keeps the upload's own file as `name_o.ext` beside the one it shrank: the largest it has first. */
function candidates(path: string): string[] {
  const original = path.replace(/(\.[A-Za-z0-9]+)$/, '_o$1');
  return original === path ? [path] : [original, path];
}

/**
 * The uploaded file's path below content/images/ of a URL's rest (Ghost's resized copies at size/w600/,
 * and format/webp/ after it, read as the file they were made from), or undefined for one that would
 * leave the folder.
 */
function imagePath(rest: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rest.replace(/[?#].*$/, ''));
  } catch {
    return undefined;
  }
  const normal = posix
    .normalize(decoded)
    .replace(/^size\/[^/]+\//, '')
    .replace(/^format\/[^/]+\//, '');
  if (normal.startsWith('..') || normal.startsWith('/') || normal.includes('\0')) return undefined;
  return normal;
}

function tooLarge(bytes: number, maxBytes: number): { missing: string } | undefined {
  if (bytes <= maxBytes) return undefined;
  return { missing: `larger than MEDIA_MAX_BYTES (${Math.round(maxBytes / MB)} MB)` };
}

/** Ghost's content/images folder (in a `ghost backup` archive, or copied off the old server). */
export function folderSource(folder: string, maxBytes: number): GhostImageSource {
  return {
    async find(path) {
      for (const candidate of candidates(path)) {
        const file = join(folder, candidate);
        const facts = await stat(file).catch(() => undefined);
        if (!facts?.isFile()) continue;
        return (
          tooLarge(facts.size, maxBytes) ?? { file, bytes: facts.size, release: async () => {} }
        );
      }
      return { missing: `not in ${folder}` };
    },
  };
}

/** The old Ghost site, still up: each image downloaded from `<ghostUrl>/content/images/`. */
export function siteSource(ghostUrl: string, maxBytes: number): GhostImageSource {
  const base = ghostUrl.replace(/\/+$/, '');
  return {
    async find(path) {
      for (const candidate of candidates(path)) {
        const url = `${base}/content/images/${candidate.split('/').map(encodeURIComponent).join('/')}`;
        let response: Response;
        try {
          response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
        } catch (error) {
          return { missing: `could not be downloaded (${reasonOf(error)})` };
        }
        if (response.status === 404) {
          await response.body?.cancel();
          continue;
        }
        if (!response.ok || !response.body) {
          await response.body?.cancel();
          return { missing: `the old site answered ${response.status}` };
        }
        const declared = Number(response.headers.get('content-length') ?? 0);
        const over = tooLarge(declared, maxBytes);
        if (over) {
          await response.body.cancel();
          return over;
        }
        return download(response.body, maxBytes);
      }
      return { missing: 'the old site does not have it (404)' };
    },
  };
}

/** What went wrong, in a few words: fetch's own error says only "fetch failed", its cause the rest. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { message?: string } }).cause;
  return cause?.message ?? (error as Error).message;
}

/** The body into a temporary file, stopped past `maxBytes` (a length the server did not say). */
async function download(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
): Promise<FoundImage | { missing: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'folio-ghost-image-'));
  const release = () => rm(folder, { recursive: true, force: true });
  const file = join(folder, 'image');
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new RangeError('too large') : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as never), counted, createWriteStream(file));
  } catch (error) {
    await release();
    if (error instanceof RangeError) return tooLarge(bytes, maxBytes) as { missing: string };
    return { missing: `could not be downloaded (${reasonOf(error)})` };
  }
  return { file, bytes, release };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Copies the images each article uses from the old site into the media library, once each however many
 * articles use them, and points the articles at the copies. On a dry run it only looks for them.
 */
export class GhostImages {
  readonly left: LeftImage[] = [];
  /** Images copied (or, on a dry run, found). */
  brought = 0;
  private readonly copies = new Map<string, Promise<string | undefined>>();
  private readonly urls: RegExp;

  constructor(
    ghostUrl: string | undefined,
    private readonly source: GhostImageSource,
    private readonly store: StoreImage | undefined,
  ) {
    // The old site's address or none (older exports write /content/images/... alone), at a URL's start.
    const site = ghostUrl ? `(?:${escapeRegExp(ghostUrl.replace(/\/+$/, ''))})?` : '';
    this.urls = new RegExp(`(?<=^|[\\s("'=])${site}/content/images/([^\\s)"'<>]+)`, 'g');
  }

  /** The article with its old site's images replaced by their copies (those that could be copied). */
  async bring(article: PlannedArticle, authorId: number): Promise<PlannedArticle> {
    const found = new Map<string, string>();
    for (const text of [article.coverImage ?? '', article.body]) {
      for (const match of text.matchAll(this.urls)) found.set(match[0], match[1]);
    }
    const replaced = new Map<string, string>();
    for (const [url, rest] of found) {
      const copy = await this.copy(url, rest, authorId);
      if (copy) replaced.set(url, copy);
    }
    if (replaced.size === 0) return article;
    const swap = (text: string) => text.replace(this.urls, (url) => replaced.get(url) ?? url);
    return {
      ...article,
      coverImage: article.coverImage === null ? null : swap(article.coverImage),
      body: swap(article.body),
    };
  }

  private copy(url: string, rest: string, authorId: number): Promise<string | undefined> {
    const path = imagePath(rest);
    const key = path ?? url;
    let copy = this.copies.get(key);
    if (!copy) {
      copy = path
        ? this.copyOnce(url, path, authorId)
        : this.leave(url, 'its path leaves the images folder');
      this.copies.set(key, copy);
    }
    return copy;
  }

  private async copyOnce(url: string, path: string, authorId: number): Promise<string | undefined> {
    const image = await this.source.find(path);
    if ('missing' in image) return this.leave(url, image.missing);
    try {
      if (!this.store) {
        this.brought++;
        return undefined;
      }
      const copied = await this.store(image, authorId);
      this.brought++;
      return copied;
    } catch (error) {
      if (error instanceof RefusedImage) return this.leave(url, error.message);
      throw error;
    } finally {
      await image.release();
    }
  }

  private leave(url: string, reason: string): Promise<undefined> {
    this.left.push({ url, reason });
    return Promise.resolve(undefined);
  }
}
