import type { Plugin } from 'vite';
import { paths } from '../src/router/paths';

/** The file in the built site that lists its addresses; Folio's web module reads it at start. */
export const SITE_ROUTES_FILE = 'routes.json';

/** What the server can match: static segments and whole-segment `:params`, nothing vue-router-only. */
const MATCHABLE = /^\/$|^(\/([\w.-]+|:\w+))+$/;

/**
 * Writes the router's addresses (src/router/paths.ts) into the build, so the server answers an
 * address the site does not have with a 404 instead of the app shell with a 200.
 */
export function siteRoutesPlugin(): Plugin {
  return {
    name: 'folio-site-routes',
    apply: 'build',
    generateBundle() {
      const patterns = Object.values(paths);
      const unmatchable = patterns.filter((pattern) => !MATCHABLE.test(pattern));
      if (unmatchable.length > 0) {
        this.error(`src/router/paths.ts: the server cannot match ${unmatchable.join(', ')}`);
      }
      this.emitFile({
        type: 'asset',
        fileName: SITE_ROUTES_FILE,
        source: `${JSON.stringify({ patterns }, null, 2)}\n`,
      });
    },
  };
}
