import helmet from 'helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { HttpConfig } from '../config/http-config';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** `application/json`, `application/merge-patch+json`, with or without parameters (charset). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Whether an origin matches an entry: exact, `*`, or `scheme://host:*` (any port). */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    if (entry === '*' || entry === origin) return true;
    if (!entry.endsWith(':*')) return false;
    const prefix = entry.slice(0, -1);
    return origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length));
  });
}

/**
 * The API reads JSON only. A body in any other type (a form post, text/plain, multipart) is a 415 before
 * anything parses it, so no route sees a body shape its DTO was not written for.
 */
function requireJsonBodies(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  const { headers } = request;
  const length = headers['content-length'];
  const hasBody =
    headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (
    WITH_BODY.has(request.method) &&
    hasBody &&
    !JSON_MEDIA_TYPE.test(headers['content-type'] ?? '')
  ) {
    done(
      Object.assign(new Error('unsupported media type'), {
        statusCode: 415,
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      }),
    );
    return;
  }
  done();
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

/** Security headers, CORS and the JSON-only rule; registered by configureApp for main.ts and the tests. */
export function applyHttpSecurity(app: NestFastifyApplication, http: HttpConfig): void {
  // An API answers JSON, never pages: nothing may run, embed or frame it. The OpenAPI UI (/docs) is the
  // one HTML page, and needs its own scripts and styles from this origin only.
  // Built once: @fastify/helmet rebuilt the middleware (and re-parsed the CSP) on every request, ~2 % of
  // the CPU of a cheap GET in a profile.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Avatars and article images are links to anywhere on the web.
        imgSrc: ["'self'", 'data:', 'https:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      securityHeaders(request.raw, reply.raw, (error?: unknown) =>
        done(error as Error | undefined),
      );
    });
  app.enableCors({
    origin: (origin: string | undefined, callback: (error: Error | null, allow: boolean) => void) =>
      callback(null, origin !== undefined && originAllowed(origin, http.corsOrigins)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-Requested-With'],
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
    // Tokens travel in the Authorization header, never in cookies: no credentials mode needed.
    credentials: false,
    maxAge: 600,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', requireJsonBodies);
  fastify.addHook('preValidation', checkJsonBody);
}
