import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpCacheConfig } from '../../config/http-cache-config';
import { CachePolicies, cacheControlValues, NO_STORE, PRIVATE } from './cache-policy';
import { entityTag, ifNoneMatch } from './entity-tag';

const READS = new Set(['GET', 'HEAD']);
/** `Authorization` (or `*`) already in a Vary list. */
const VARIES_ON_AUTHORIZATION = /(?:^|,)\s*(?:authorization|\*)\s*(?:,|$)/i;

/**
 * A listed route answers a reader with a token differently (favorited, following, drafts): shared
 * caches must keep that answer apart from the anonymous one, and browsers must not reuse either for
 * the other. CORS has usually put `Origin` there already.
 */
function varyOnAuthorization(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) {
    reply.header('Vary', 'Authorization');
  } else if (!VARIES_ON_AUTHORIZATION.test(String(vary))) {
    reply.header('Vary', `${String(vary)}, Authorization`);
  }
}

/** Sets an answer's caching headers; returns its payload (null for a 304 to a GET). */
function cache(
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  policies: CachePolicies,
  anonymous: Record<string, string>,
): unknown {
  const status = reply.statusCode;
  if (!READS.has(request.method) || status >= 400) {
    reply.removeHeader('etag');
    // A page of the site answers 404 with its own caching (the exception filter sets no-store).
    if (status < 400 || !reply.hasHeader('cache-control')) reply.header('Cache-Control', NO_STORE);
    return payload;
  }
  // The site's files and pages and the uploaded images say for themselves how long they keep.
  if (reply.hasHeader('cache-control')) return payload;
  const policy = policies.get(request.routeOptions.url ?? '');
  if (policy === undefined || (status !== 200 && status !== 304)) {
    reply.header('Cache-Control', NO_STORE);
    return payload;
  }
  // The token is only ever read from this header (no cookies): without it, the answer is anyone's.
  const cacheControl = request.headers.authorization === undefined ? anonymous[policy] : PRIVATE;
  reply.header('Cache-Control', cacheControl);
  varyOnAuthorization(reply);
  // Feeds and sitemaps set their ETag from what they are made of, and answer their 304s themselves.
  if (status !== 200 || reply.hasHeader('etag')) return payload;
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
  const etag = entityTag(payload);
  reply.header('ETag', etag);
  if (!ifNoneMatch(request.headers['if-none-match'], etag)) return payload;
  reply.code(304);
  // A 304 has no body and no Content-Length of its own; a HEAD's Content-Length (the 200's length,
  // which RFC 9110 allows) comes from Fastify's HEAD hook, which needs the payload to measure it.
  return request.method === 'HEAD' ? payload : null;
}

/**
 * Caching of every answer, decided in one place (README, "HTTP caching"): writes and errors are
 * no-store; a GET of a listed route is public for anonymous readers (by its policy's max-age) and
 * private with a token, carries `Vary: Authorization` and a strong ETag of its bytes, and answers 304
 * when If-None-Match names it; any other GET is no-store. Routes that set Cache-Control keep theirs.
 */
export function useHttpCaching(
  app: NestFastifyApplication,
  config: HttpCacheConfig,
  policies: CachePolicies,
): void {
  const anonymous = cacheControlValues(config);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request, reply, payload, done) => {
      done(null, cache(request, reply, payload, policies, anonymous));
    });
}
