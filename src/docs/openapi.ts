import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
  });
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
