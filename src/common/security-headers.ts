import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

// An API answers JSON, never pages: nothing may run, embed or frame it. The OpenAPI UI (/docs) is the
// one HTML page, and needs its own scripts and styles from this origin only.
const middleware = (imageOrigins: readonly string[]) =>
  helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Avatars and article images are links to anywhere on the web; the site's own uploads may be
        // linked over plain http from another name of this server (HttpConfig.imageOrigins).
        imgSrc: ["'self'", 'data:', 'https:', ...imageOrigins],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'no-referrer' },
    // The legacy header says what `frame-ancestors 'none'` says (helmet's default is SAMEORIGIN).
    xFrameOptions: { action: 'deny' },
  });

/** The headers helmet sets, collected once: with this configuration they do not vary by request. */
export function securityHeaders(
  imageOrigins: readonly string[] = [],
): ReadonlyArray<readonly [string, string]> {
  const headers: [string, string][] = [];
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      headers.push([name, String(value)]),
    removeHeader: () => undefined,
  };
  middleware(imageOrigins)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      if (error) throw error as Error;
    },
  );
  return headers;
}

/**
 * Every answer's security headers, also those written outside Fastify's hooks (a malformed URL, a
 * request the HTTP parser refused). Built once: @fastify/helmet rebuilt the middleware (and re-parsed
 * the CSP) on every request, ~2 % of the CPU of a cheap GET in a profile.
 */
export const SECURITY_HEADERS = securityHeaders();

export function setSecurityHeaders(
  response: Pick<ServerResponse, 'setHeader'>,
  headers: ReadonlyArray<readonly [string, string]> = SECURITY_HEADERS,
): void {
  for (const [name, value] of headers) response.setHeader(name, value);
}
