import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { ifNoneMatch } from '../../common/http-cache/entity-tag';

/** A strong validator of what an answer is made from: same inputs, same bytes. */
export function strongEtag(...parts: unknown[]): string {
  const hash = createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
  return `"${hash.slice(0, 32)}"`;
}

export interface Validators {
  etag: string;
  /** The newest change among what the answer shows; absent when it shows nothing dated. */
  lastModified?: Date;
}

/** Whether the client's copy is current (RFC 9110 13.2.2: If-None-Match decides when present). */
function isFresh(request: FastifyRequest, { etag, lastModified }: Validators): boolean {
  const tags = request.headers['if-none-match'];
  if (tags !== undefined) return ifNoneMatch(tags, etag);
  const ifModifiedSince = request.headers['if-modified-since'];
  if (ifModifiedSince === undefined || lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // A date later than the server's clock is invalid (RFC 7232 3.3): a client's clock ahead of it, or a
  // made-up date, would otherwise get 304s for changes made until then.
  if (Number.isNaN(since) || since > Date.now()) return false;
  // HTTP dates have whole seconds: a change within the second of `since` is not newer than it.
  return Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * Sets the validators of an answer (its Cache-Control comes from src/http-cache-routes.ts, as every
 * route's); answers 304 and returns true when the client's copy is current, so the caller renders nothing.
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
  if (!isFresh(request, validators)) return false;
  void reply.code(304).send();
  return true;
}
