import type { FastifyReply, FastifyRequest } from 'fastify';
import { entityTag, ifNoneMatch } from '../../common/http-cache/entity-tag';

/**
 * Sends a page rendered into the app shell (a 200: a 404 is the bare shell). Like index.html it is re-checked on every visit
 * (no-cache); its ETag (a hash of the text, cheap beside the page's statement) answers a repeat with 304.
 */
export function sendPage(request: FastifyRequest, reply: FastifyReply, html: string): FastifyReply {
  const etag = entityTag(html);
  reply.header('Cache-Control', 'no-cache').header('ETag', etag);
  if (ifNoneMatch(request.headers['if-none-match'], etag)) {
    return reply.code(304).send();
  }
  return reply.code(200).type('text/html; charset=utf-8').send(html);
}
