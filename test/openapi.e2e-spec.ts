import { Reflector } from '@nestjs/core';
import { RATE_LIMIT } from '../src/common/rate-limit/rate-limit-options';
import { IS_PUBLIC } from '../src/modules/accounts/public.decorator';
import { REQUIRED_ROLE } from '../src/modules/accounts/roles.decorator';
import { routeHandlers, servedApiRoutes } from './support/served-routes';
import { useTestApp } from './support/test-app';

interface Operation {
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses?: Record<
    string,
    { description?: string; content?: Record<string, { schema?: object }> }
  >;
  requestBody?: {
    content?: Record<string, { schema?: { $ref?: string; properties?: Record<string, unknown> } }>;
  };
}

describe('OpenAPI documentation', () => {
  const t = useTestApp();

  it('serves the document at /docs-json with every posts and comments route', async () => {
    const response = await t.http().get('/docs-json').expect(200);
    const paths = Object.keys(response.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/articles',
        '/api/articles/feed',
        '/api/articles/{slug}',
        '/api/articles/{slug}/favorite',
        '/api/articles/{slug}/comments',
        '/api/articles/{slug}/comments/{id}',
        '/api/tags',
        '/api/categories',
        '/api/categories/{slug}',
      ]),
    );
    const create = response.body.paths['/api/articles'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '401', '422']));
    expect(response.body.components.schemas.NewArticleDto.properties).toHaveProperty('tagList');
    const list = response.body.paths['/api/articles'].get;
    expect((list.parameters as { name: string }[]).map((p) => p.name)).toEqual(
      expect.arrayContaining(['tag', 'author', 'favorited', 'category', 'status', 'q', 'limit']),
    );
  });

  it('documents every /api route Fastify serves: summary, tag, answer with its schema, and its refusals', async () => {
    const document = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const served = servedApiRoutes(t.app);
    expect(served.length).toBeGreaterThan(30);
    const handlers = routeHandlers(t.app);
    const reflector = t.app.get(Reflector);
    const problems: string[] = [];
    for (const { method, path } of served) {
      const route = `${method} ${path}`;
      const operation = document.paths[path]?.[method.toLowerCase()];
      if (!operation) {
        problems.push(`${route} is served but missing from /docs-json`);
        continue;
      }
      if (!operation.summary?.trim()) {
        problems.push(`${route} has no summary (@ApiRoute({ summary }))`);
      }
      if (!operation.tags?.length) problems.push(`${route} has no tag (@ApiTags)`);
      const responses = operation.responses ?? {};
      const success = Object.keys(responses).filter((status) => /^2\d\d$/.test(status));
      // A route a browser is sent to (a provider's sign-in) answers with a redirect instead.
      if (success.length === 0 && !responses['302']) {
        problems.push(`${route} documents no 2xx answer (nor a 302 redirect)`);
      }
      for (const status of success.filter((status) => status !== '202' && status !== '204')) {
        // JSON, but for a file a route sends (a CSV export).
        const content = responses[status].content ?? {};
        if (!Object.values(content).some((type) => type.schema)) {
          problems.push(`${route} ${status} names no response DTO (type: ...)`);
        }
      }
      const found = handlers.get(route);
      if (!found) {
        problems.push(`${route} is served by no Nest controller`);
        continue;
      }
      const targets = [found.handler, found.controller];
      const roleOnly = Boolean(reflector.getAllAndOverride<string>(REQUIRED_ROLE, targets));
      const needsToken = roleOnly || !reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
      const required = [
        ...(needsToken ? ['401'] : []),
        ...(roleOnly ? ['403'] : []),
        ...(reflector.get(RATE_LIMIT, found.handler) ? ['429'] : []),
      ];
      // A JSON body is validated: its refusal is a 422, and the web app's types come from its schema.
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (body) {
        required.push('422');
        const name = body.$ref?.split('/').pop();
        const properties = name ? document.components.schemas[name]?.properties : body.properties;
        if (!properties || Object.keys(properties).length === 0) {
          problems.push(`${route} documents a body without fields (@ApiProperty on its DTO)`);
        }
      }
      for (const status of required.filter((status) => !responses[status])) {
        problems.push(
          `${route} does not document its ${status} answer (@ApiRoute({ errors: [${status}] }))`,
        );
      }
      if (needsToken && !operation.security?.some((scheme) => 'token' in scheme)) {
        problems.push(`${route} needs a token but declares no security (@ApiToken)`);
      }
    }
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of Object.keys(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (!served.some((r) => `${r.method} ${r.path}` === route)) {
          problems.push(`${route} is documented but not served`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('serves Swagger UI at /docs, and its assets where the page asks for them', async () => {
    const response = await t.http().get('/docs').expect(200);
    expect(response.text).toContain('swagger-ui');
    const scripts = [...response.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      await t.http().get(new URL(script, 'http://folio.test/docs').pathname).expect(200);
    }
    // At /docs/ the same relative assets would be /docs/docs/...: the page is sent to /docs.
    await t.http().get('/docs/').expect(301).expect('Location', '/docs');
  });
});
