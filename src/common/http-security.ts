import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { HttpConfig } from '../config/http-config';
import { securityHeaders, setSecurityHeaders } from './security-headers';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** `application/json`, `application/merge-patch+json`, with or without parameters (charset). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const MULTIPART_MEDIA_TYPE = /^multipart\/form-data\s*;/i;
const FORM_MEDIA_TYPE = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

/** What a route may say in its config (`@RouteConfig(...)`) about the bodies it takes beyond JSON. */
export interface BodyRouteConfig {
  /** It streams uploads: multipart/form-data. */
  multipart?: boolean;
  /** It takes an HTML form's body (a mail client's one-click unsubscribe, RFC 8058). */
  form?: boolean;
}

/** Whether an origin matches an entry: exact, `*`, or `scheme://host:*` (any port). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    if (entry === '*' || entry === origin) return true;
    if (!entry.endsWith(':*')) return false;
    const prefix = entry.slice(0, -1);
    return origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length));
  });
}

/** The `charset` parameter of a media type, unquoted. */
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
/** The labels of UTF-8 (WHATWG Encoding), the one charset the API reads. */
const UTF8_LABELS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

function unsupportedMediaType(message: string, code: string): Error {
  return Object.assign(new Error(message), { statusCode: 415, code });
}

/**
 * The API reads JSON in UTF-8 only. A body in any other type (a form post, text/plain, multipart) or
 * charset (ISO-8859-1 was read as UTF-8 and garbled) is a 415 before anything reads it, so no route
 * sees a body shape its DTO was not written for; only a route configured for uploads takes multipart,
 * and only one configured for forms a form.
 */
function bodyRefusal(request: FastifyRequest): Error | undefined {
  const { headers } = request;
  const length = headers['content-length'];
  const hasBody =
    headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (!WITH_BODY.has(request.method) || !hasBody) return undefined;
  const type = headers['content-type'] ?? '';
  // A route that streams uploads says so in its config (@RouteConfig({ multipart: true })), one
  // that takes a form likewise.
  const config = request.routeOptions.config as BodyRouteConfig | undefined;
  if (config?.multipart === true && MULTIPART_MEDIA_TYPE.test(type)) return undefined;
  if (config?.form === true && FORM_MEDIA_TYPE.test(type)) return undefined;
  if (!JSON_MEDIA_TYPE.test(type)) {
    return unsupportedMediaType('unsupported media type', 'FST_ERR_CTP_INVALID_MEDIA_TYPE');
  }
  const charset = CHARSET.exec(type)?.[1].toLowerCase();
  if (charset !== undefined && !UTF8_LABELS.has(charset)) {
    return unsupportedMediaType('unsupported charset', 'FOLIO_JSON_CHARSET');
  }
  // A compressed body (gzip, br…) was read as text: "not valid UTF-8". RFC 9110 15.5.16: a 415.
  const encoding = headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') {
    return unsupportedMediaType('unsupported content encoding', 'FOLIO_CONTENT_ENCODING');
  }
  return undefined;
}

/** Slugs run to ~210 characters; the router takes path parameters up to this (createHttpAdapter). */
export const MAX_PATH_SEGMENT = 1000;

function segmentTooLong(segment: string): boolean {
  if (segment.length <= MAX_PATH_SEGMENT) return false;
  try {
    return decodeURIComponent(segment).length > MAX_PATH_SEGMENT;
  } catch {
    return true;
  }
}

/**
 * A path segment longer than any parameter the router takes is a 414, on every path. The router
 * alone answered 414 or "no such route" (a 404 echoing the whole path) depending on the routes
 * beside it.
 */
function pathRefusal(request: FastifyRequest): Error | undefined {
  const { url } = request;
  if (url.length <= MAX_PATH_SEGMENT) return undefined;
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  if (!path.split('/').some(segmentTooLong)) return undefined;
  return Object.assign(new Error('path too long'), {
    statusCode: 414,
    code: 'FST_ERR_MAX_PARAM_LENGTH',
  });
}

/** Deeper JSON than any DTO has; class-transformer recurses per level and overflowed the stack (a 500). */
export const MAX_JSON_DEPTH = 32;
/** A lone UTF-16 surrogate: valid in a JSON string, but validator.js's encodeURI throws on it (a 500). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What a parsed JSON body holds that no route can take: `depth` when it nests deeper than the limit,
 * `unicode` when a key or string is not well-formed UTF-16. Walked without recursion (bodies may nest
 * 200,000 deep).
 */
export function jsonProblem(
  value: unknown,
  maxDepth = MAX_JSON_DEPTH,
): 'depth' | 'unicode' | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) return 'unicode';
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return 'depth';
    for (const [key, child] of Object.entries(current)) {
      if (LONE_SURROGATE.test(key)) return 'unicode';
      stack.push([child, depth + 1]);
    }
  }
  return undefined;
}

function checkJsonBody(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const problem = jsonProblem(request.body);
  if (problem) {
    const code = problem === 'depth' ? 'FOLIO_JSON_TOO_DEEP' : 'FOLIO_JSON_BAD_UNICODE';
    done(Object.assign(new Error(problem), { statusCode: 400, code }));
    return;
  }
  done();
}

/** Security headers, CORS, the JSON-only rule and the path-length limit; registered by configureApp for main.ts and the tests. */
export function applyHttpSecurity(app: NestFastifyApplication, http: HttpConfig): void {
  const headers = securityHeaders(http.imageOrigins);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      setSecurityHeaders(reply.raw, headers);
      done();
    });
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
      callback(null, origin !== undefined && originAllowed(origin, http.corsOrigins)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // A client that keeps answers itself revalidates them (HTTP caching): it sends If-None-Match or
    // If-Modified-Since and reads the ETag, which CORS hides unless exposed (Last-Modified it shows).
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'X-Request-Id',
      'X-Requested-With',
      'If-None-Match',
      'If-Modified-Since',
    ],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'ETag'],
    // Tokens travel in the Authorization header, never in cookies: no credentials mode needed.
    credentials: false,
    maxAge: 600,
    // An allowed origin's OPTIONS without Access-Control-Request-Method is answered like a preflight
    // (204), not with the CORS layer's plain-text 400 outside the API's error shape.
    strictPreflight: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Before the body is read, and after every onRequest hook: a refusal still gets its access-log line.
  fastify.addHook('preParsing', (request, _reply, payload, done) =>
    done(pathRefusal(request) ?? bodyRefusal(request) ?? null, payload),
  );
  fastify.addHook('preValidation', checkJsonBody);
}
