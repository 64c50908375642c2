import FindMyWay from 'find-my-way';
import type { RouteOptions } from 'fastify';

/** Routes that answer every path (the web site's catch-all, CORS's preflight): they allow nothing. */
const CATCH_ALL = new Set(['*', '/*']);

/**
 * Which methods each path has routes for, so that a request with another method is a 405 with the
 * `Allow` header (RFC 9110 15.5.6) rather than a 404: `DELETE /api/tags` names a resource that exists.
 * A router of its own, fed by Fastify's onRoute hook with the app router's options, since Fastify
 * matches a path against one method only.
 */
export class AllowedMethods {
  private readonly router: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;
  private readonly methods = new Set<string>();
  private readonly added = new Set<string>();

  constructor(options: { maxParamLength: number }) {
    this.router = FindMyWay({
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      maxParamLength: options.maxParamLength,
    });
  }

  /** For Fastify's onRoute hook: a GET route answers HEAD too (Fastify adds it). */
  add(route: RouteOptions): void {
    if (CATCH_ALL.has(route.url)) return;
    const methods = [route.method].flat();
    for (const method of methods.includes('GET') ? [...methods, 'HEAD'] : methods) {
      const key = `${method} ${route.url}`;
      if (this.added.has(key)) continue;
      this.added.add(key);
      this.methods.add(method);
      this.router.on(method as FindMyWay.HTTPMethod, route.url, () => undefined);
    }
  }

  /** The methods `url` (a request's, query and all) has routes for, in a stable order. */
  of(url: string): string[] {
    const path = url.split('?', 1)[0];
    try {
      return [...this.methods]
        .filter((method) => this.router.find(method as FindMyWay.HTTPMethod, path) !== null)
        .sort();
    } catch {
      // A path the router cannot read (a malformed escape) names nothing.
      return [];
    }
  }
}
