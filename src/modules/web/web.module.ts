import { Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Paths that belong to the API or the probes: an unknown one stays a JSON 404, never the site. */
const NOT_THE_SITE = /^\/(api|docs|docs-json|health|db-status)(\/|$|\?)/;

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
 * Serves the Quasar site at `/` from the same Fastify instance as the API, with the SPA fallback
 * (an unknown GET outside /api answers index.html so the client router takes over). When the site
 * is not built this module does nothing, so the API runs on its own.
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
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await fastify.register(fastifyStatic, {
      root,
      prefix: '/',
      // One route per built file, so the catch-all below is ours and the API's routes keep priority.
      wildcard: false,
      index: false,
      setHeaders: (reply: FastifyReply, path: string) => {
        // Vite's hashed assets never change; index.html must be re-read to see a new build.
        const immutable = path.startsWith(join(root, 'assets'));
        reply.header(
          'Cache-Control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
      if (NOT_THE_SITE.test(request.url)) return reply.callNotFound();
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    });
    fastify.get('/', (_request: FastifyRequest, reply: FastifyReply) =>
      reply.header('Cache-Control', 'no-cache').sendFile('index.html'),
    );
    this.logger.log(`Serving the web site from ${root}`);
  }
}
