import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';

/** Whether If-None-Match (a list, weak or strong) names `etag`. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

/**
 * Sends a page rendered into the app shell (a 200: a 404 is the bare shell). Like index.html it is re-checked on every visit
 * (no-cache); its ETag (a hash of the text, cheap beside the page's statement) answers a repeat with 304.
 */
export function sendPage(request: FastifyRequest, reply: FastifyReply, html: string): FastifyReply {
  const etag = `"${createHash('sha1').update(html).digest('base64url')}"`;
  reply.header('Cache-Control', 'no-cache').header('ETag', etag);
  if (matches(request.headers['if-none-match'], etag)) {
    return reply.code(304).send();
  }
  return reply.code(200).type('text/html; charset=utf-8').send(html);
}
