import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { SITE_ROUTES_FILE, SiteRoutes } from './site-routes';

/** Paths that belong to the API or the probes: an unknown one stays a JSON 404, never the site. */
const NOT_THE_SITE = /^\/(api|docs|docs-json|health|db-status)(\/|$|\?)/;

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
 * router takes over, with 200 for the site's own pages and 404 for any other address.
 * When the site is not built this module does nothing, so the API runs on its own.
 */
@Module({ providers: [{ provide: WEB_ROOT, useFactory: () => findWebRoot() }] })
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEB_ROOT) private readonly root: string | undefined,
  ) {}

  async onModuleInit(): Promise<void> {
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
    fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      if (NOT_THE_SITE.test(request.url)) return reply.callNotFound();
      // The same shell either way: the client router shows the page or the not-found page.
      const known = routes?.has(request.url) ?? true;
      return reply.code(known ? 200 : 404).sendFile('index.html');
    });
    this.logger.log(`Serving the web site from ${root}`);
  }
}
