import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
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
    trustProxy: false,
    requestIdHeader: false,
    genReqId: requestId,
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
  app.useGlobalFilters(new ApiExceptionFilter());
  setupOpenApi(app);
  return app;
}
