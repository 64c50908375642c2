import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';

export interface ServedRoute {
  /** GET, POST, ... (never HEAD or OPTIONS, which Fastify adds by itself). */
  method: string;
  /** In OpenAPI's form: /api/articles/{slug}. */
  path: string;
}

/** `:slug` → `{slug}`, as OpenAPI writes a path parameter. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * The routes under /api that Fastify's router serves, read from its printed tree (4 characters per
 * level), so that a route registered by any means counts, not only those Nest's metadata describes.
 * Paths in OpenAPI's form (`{slug}`) or the router's own (`:slug`).
 */
export function servedApiRoutes(
  app: INestApplication,
  form: 'openapi' | 'fastify' = 'openapi',
): ServedRoute[] {
  const fastify = app.getHttpAdapter().getInstance() as {
    printRoutes(options: { commonPrefix: boolean }): string;
  };
  const tree = fastify.printRoutes({ commonPrefix: false });
  const found: ServedRoute[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?$/u.exec(line.trimEnd());
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    const path = (depth > 0 ? stack[depth - 1] : '') + match[2];
    stack.push(path);
    for (const method of (match[3] ?? '').split(', ')) {
      if (method && method !== 'HEAD' && method !== 'OPTIONS' && path.startsWith('/api/')) {
        found.push({ method, path: form === 'openapi' ? openApiPath(path) : path });
      }
    }
  }
  return found.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

export interface RouteHandler {
  controller: abstract new (...args: never[]) => unknown;
  handler: (...args: unknown[]) => unknown;
}

/** Every Nest route handler, by `METHOD /api/path` (OpenAPI's form), to read its decorators' metadata. */
export function routeHandlers(app: INestApplication, prefix = '/api'): Map<string, RouteHandler> {
  const handlers = new Map<string, RouteHandler>();
  const join = (...parts: string[]) =>
    `/${parts
      .flatMap((part) => part.split('/'))
      .filter(Boolean)
      .join('/')}`;
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as RouteHandler['controller'] | null;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      const prototype = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        // One path, or several (`@Get(['rss.xml', 'atom.xml'])`).
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (paths === undefined || method === undefined) continue;
        for (const path of [paths].flat()) {
          const key = `${RequestMethod[method]} ${openApiPath(join(prefix, base, path))}`;
          handlers.set(key, { controller, handler: handler as RouteHandler['handler'] });
        }
      }
    }
  }
  return handlers;
}
