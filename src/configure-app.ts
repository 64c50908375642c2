import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { createValidationPipe } from './common/validation.pipe';
import { setupOpenApi } from './docs/openapi';

/** Routes served outside the /api prefix: probes for load balancers and orchestrators. */
const UNPREFIXED = [
  { path: 'db-status', method: RequestMethod.GET },
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
];

export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: 1024 * 1024, trustProxy: false });
}

/** The global setup shared by main.ts and the e2e tests, so tests exercise what production runs. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  setupOpenApi(app);
  return app;
}
