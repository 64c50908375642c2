import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';

/** The OpenAPI document at /docs-json and Swagger UI at /docs, outside the /api prefix. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Folio API')
    .setDescription(
      'RealWorld-compatible blog API with categories, drafts and full-text search. ' +
        'Errors are always `{"errors": {"<field>": ["<message>"]}}`.',
    )
    .setVersion('1')
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'Authorization', description: 'Token <token>' },
      'token',
    )
    .build();
  SwaggerModule.setup(
    'docs',
    app,
    () => wholeNumberIds(SwaggerModule.createDocument(app, config)),
    {
      jsonDocumentUrl: 'docs-json',
    },
  );
  // Every route ignores one trailing slash, but the page's assets are relative (`./docs/...`): at
  // /docs/ they would be asked for at /docs/docs/... and the page would stay blank.
  // A callback hook, not an async one: no promise for each of the other requests.
  (app.getHttpAdapter().getInstance() as FastifyInstance).addHook(
    'onRequest',
    (request, reply, done) => {
      if (request.url !== '/docs/' && !request.url.startsWith('/docs/?')) return done();
      void reply.redirect(`/docs${request.url.slice('/docs/'.length)}`, 301);
    },
  );
}

/**
 * A path parameter typed `number` in TypeScript (a comment's, a user's or an endpoint's id, read by
 * IdPipe) is a whole number: `integer`, so a generated client does not send `1.5` to get a 404.
 */
function wholeNumberIds(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const parameters = (operation as { parameters?: unknown[] } | undefined)?.parameters ?? [];
      for (const parameter of parameters as { in?: string; schema?: { type?: string } }[]) {
        if (parameter.in === 'path' && parameter.schema?.type === 'number') {
          parameter.schema.type = 'integer';
        }
      }
    }
  }
  return document;
}
