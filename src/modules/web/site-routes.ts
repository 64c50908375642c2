import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Written into the built site by apps/web/build/site-routes-plugin.ts from the router's paths. */
export const SITE_ROUTES_FILE = 'routes.json';

/** Static segments and whole-segment `:params`: the same check the build makes. */
const MATCHABLE = /^\/$|^(\/([\w.-]+|:\w+))+$/;

function escape(segment: string): string {
  return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One route pattern as vue-router matches it by default: any case, optional trailing slash. */
function compile(pattern: string): RegExp {
  if (!MATCHABLE.test(pattern)) {
    throw new Error(
      `${SITE_ROUTES_FILE}: cannot match the route pattern ${JSON.stringify(pattern)}`,
    );
  }
  const body = pattern
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : escape(segment)))
    .join('/');
  return new RegExp(body ? `^/${body}/?$` : '^/$', 'i');
}

/** The addresses the web site answers; any other address gets a 404 (and the site's not-found page). */
export class SiteRoutes {
  private constructor(private readonly matchers: readonly RegExp[]) {}

  static fromPatterns(patterns: readonly string[]): SiteRoutes {
    return new SiteRoutes(patterns.map(compile));
  }

  /** The built site's list, or undefined when the build has none. */
  static load(root: string): SiteRoutes | undefined {
    let text: string;
    try {
      text = readFileSync(join(root, SITE_ROUTES_FILE), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const { patterns } = JSON.parse(text) as { patterns?: unknown };
    if (!Array.isArray(patterns) || !patterns.every((p) => typeof p === 'string')) {
      throw new Error(`${join(root, SITE_ROUTES_FILE)} has no list of route patterns`);
    }
    return SiteRoutes.fromPatterns(patterns);
  }

  /** Whether the path of `url` (a request URL, query string and all) is one of the site's pages. */
  has(url: string): boolean {
    const path = url.split(/[?#]/, 1)[0];
    return this.matchers.some((matcher) => matcher.test(path));
  }
}
