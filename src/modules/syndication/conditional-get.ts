import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/** Feed readers poll every few minutes to hours: a shared cache may answer them for 5 minutes. */
export const FEED_CACHE_CONTROL = 'public, max-age=300';
/** Crawlers read sitemaps and robots.txt seldom; an hour spares the database on a crawl burst. */
export const SITEMAP_CACHE_CONTROL = 'public, max-age=3600';

/** A strong validator of what an answer is made from: same inputs, same bytes. */
export function strongEtag(...parts: unknown[]): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
  return `"${hash.slice(0, 32)}"`;
}

export interface Validators {
  etag: string;
  /** The newest change among what the answer shows; absent when it shows nothing dated. */
  lastModified?: Date;
  cacheControl: string;
}

/** Whether the client's copy is current (RFC 9110 13.2.2: If-None-Match decides when present). */
function isFresh(request: FastifyRequest, { etag, lastModified }: Validators): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))
      .some((tag) => tag === '*' || tag === etag);
  }
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // HTTP dates have whole seconds: a change within the second of `since` is not newer than it.
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * Sets the validators and caching of an answer; answers 304 and returns true when the client's copy
 * is current, so the caller renders nothing.
 */
export function answeredNotModified(
  request: FastifyRequest,
  reply: FastifyReply,
  validators: Validators,
): boolean {
  reply.header('ETag', validators.etag);
  if (validators.lastModified) {
    reply.header('Last-Modified', validators.lastModified.toUTCString());
  }
  reply.header('Cache-Control', validators.cacheControl);
  if (!isFresh(request, validators)) return false;
  void reply.code(304).send();
  return true;
}
