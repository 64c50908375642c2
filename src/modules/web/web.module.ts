import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { PageAnswer, PagesService } from '../pages/pages.service';
import { PagesModule } from '../pages/pages.module';
import { AppShell } from './app-shell';
import { sendPage } from './page-reply';
import { SITE_ROUTES_FILE, SiteRoutes } from './site-routes';

/** API, probe and metrics paths: an unknown one stays a JSON 404, never the site. */
const NOT_THE_SITE = /^\/+(api|docs|docs-json|health|db-status|media|metrics)(\/|$|\?)/;

/** The address with each run of slashes in its path made one; the query is kept as sent. */
function foldSlashes(url: string): string {
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  return path.replace(/\/{2,}/g, '/') + (query === -1 ? '' : url.slice(query));
}

/** Vite's hashed output: a new build has new names, so a browser may keep these for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The folder of the built site, or undefined; a provider so tests can point it elsewhere. */
export const WEB_ROOT = Symbol('WEB_ROOT');

/** The built site, found by walking up from this file to the folder that holds apps/web (src or dist). */
export function findWebRoot(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'web', 'dist', 'spa');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Serves the Quasar site at `/` from the same Fastify instance as the API: its files as the build
 * compressed them (brotli, gzip) and, for any other GET outside /api, index.html so the client
 * router takes over, with 200 for the site's own pages and 404 for any other address. The article,
 * profile, tag, category and home pages get their head and content from the pages module (for crawlers
 * and link previews), and its status: a 404 for what is not public. Ghost's addresses (`/{slug}/`,
 * `/author/{slug}/`, `/rss/`) move to Folio's with a 301, so a blog moved from Ghost keeps its links.
 * When the site is not built this module does nothing, so the API runs on its own.
 */
@Module({
  imports: [PagesModule],
  providers: [{ provide: WEB_ROOT, useFactory: () => findWebRoot() }],
})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEB_ROOT) private readonly root: string | undefined,
    private readonly pages: PagesService,
  ) {}

  async onModuleInit(): Promise<void> {
    // An application context (a CLI command using Folio's modules) has no HTTP server to serve from.
    if (!this.adapterHost.httpAdapter) return;
    const root = this.root;
    if (!root) {
      this.logger.log('apps/web/dist/spa is not built: serving the API only');
      return;
    }
    const routes = SiteRoutes.load(root);
    if (!routes) {
      this.logger.warn(`${SITE_ROUTES_FILE} is missing from ${root}: every address answers 200`);
    }
    const assets = join(root, 'assets') + sep;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      // One route per built file, so the catch-all below is ours and the API's routes keep priority.
      wildcard: false,
      index: false,
      // `x.js` is sent as `x.js.br` or `x.js.gz` when the client accepts it, with Vary: Accept-Encoding.
      preCompressed: true,
      globIgnore: ['**/*.br', '**/*.gz', SITE_ROUTES_FILE],
      setHeaders: (reply: FastifyReply, path: string) => {
        // index.html (and the unhashed favicon) must be re-checked to see a new build.
        reply.header('Cache-Control', path.startsWith(assets) ? IMMUTABLE : 'no-cache');
      },
    });
    const shell = AppShell.parse(readFileSync(join(root, 'index.html'), 'utf8'));
    if (!shell) this.logger.warn('index.html has no <div id="q-app"></div>: pages get no heads');
    fastify.get('/*', async (request: FastifyRequest, reply: FastifyReply) => {
      if (NOT_THE_SITE.test(request.url)) return reply.callNotFound();
      // The router folds `//` (ignoreDuplicateSlashes); a page has one address, and `//host/x` must
      // never reach a Location (a browser reads it as another site).
      const folded = foldSlashes(request.url);
      if (folded !== request.url) return reply.redirect(folded, 301);
      // The same shell either way: the client router shows the page or the not-found page.
      const known = routes?.has(request.url) ?? true;
      // An address of Ghost's (a blog moved here) answers a 301 to where it lives now.
      const page = shell ? await this.page(request.url, known) : undefined;
      if (page?.status === 301) return reply.redirect(page.location, 301);
      if (shell && page?.status === 200) return sendPage(request, reply, shell.render(page));
      const status = page?.status ?? (known ? 200 : 404);
      // A range is of a 200's body (RFC 9110 14.2): a 404 or 503 is sent whole, not a slice of it.
      if (status !== 200) delete request.raw.headers.range;
      return reply.code(status).sendFile('index.html');
    });
    this.logger.log(`Serving the web site from ${root}`);
  }

  /** The page's answer; when it cannot be read, a 503 with the bare shell (the app shows its own error). */
  private async page(
    url: string,
    known: boolean,
  ): Promise<PageAnswer | { status: 503 } | undefined> {
    try {
      return known ? await this.pages.render(url) : await this.pages.ghostRedirect(url);
    } catch (error) {
      this.logger.error(`Cannot render ${url}: ${(error as Error).message}`);
      return { status: 503 };
    }
  }
}
