import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { installDrain } from './common/graceful-shutdown';
import { applyHttpSecurity } from './common/http-security';
import { REQUEST_ID_HEADER, requestId } from './common/request-logging';
import { createValidationPipe } from './common/validation.pipe';
import { EnvReader } from './config/app-config';
import { HttpConfig, loadHttpConfig } from './config/http-config';
import { setupOpenApi } from './docs/openapi';

/** Routes served outside the /api prefix: probes for load balancers and orchestrators. */
const UNPREFIXED = [
  { path: 'db-status', method: RequestMethod.GET },
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
];

export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // Slugs run to ~210 characters; Fastify's default of 100 answered long ones with a bare 414.
    maxParamLength: 1000,
    trustProxy: false,
    requestIdHeader: false,
    genReqId: requestId,
    // Errors Fastify meets while routing (a malformed escape in the path) skip every error handler.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      new ApiExceptionFilter().respond(error, request, reply),
  });
}

/** The global setup shared by main.ts and the e2e tests, so tests exercise what production runs. */
export function configureApp(
  app: NestFastifyApplication,
  http: HttpConfig = loadHttpConfig(new EnvReader({}), 'test'),
): NestFastifyApplication {
  installDrain(app);
  // Every answer carries its request id, also those Fastify gives before a route runs (413, 415, 400).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      reply.header(REQUEST_ID_HEADER, request.id);
      done();
    });
  applyHttpSecurity(app, http);
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
  const filter = new ApiExceptionFilter();
  app.useGlobalFilters(filter);
  // Nest installs its error handler at the end of init; a module that awaits a Fastify plugin during
  // init (the web site's static files) makes Fastify build the routes' contexts before that, and
  // they then keep Fastify's default handler: malformed JSON, 413, 415 came out as Fastify's own
  // {statusCode, code, message}. Set here, before any module initialises, it reaches every route.
  app
    .getHttpAdapter()
    .getInstance()
    .setErrorHandler((error, request, reply) => filter.respond(error, request, reply));
  setupOpenApi(app);
  return app;
}
