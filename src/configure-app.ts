import fastifyMultipart from '@fastify/multipart';
import { RequestMethod } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { answerClientError, answerRouterError } from './common/early-answers';
import { installDrain } from './common/graceful-shutdown';
import { useHttpCaching } from './common/http-cache/http-caching';
import { AllowedMethods } from './common/allowed-methods';
import { applyHttpSecurity, MAX_PATH_SEGMENT } from './common/http-security';
import { useFormBodyParser, useJsonBodyParser } from './common/json-body.parser';
import {
  noteClientAddress,
  RequestLogging,
  REQUEST_ID_HEADER,
  requestId,
} from './common/request-logging';
import { createValidationPipe } from './common/validation.pipe';
import { HttpConfig } from './config/http-config';
import { setupOpenApi } from './docs/openapi';
import { HTTP_CACHE_ROUTES } from './http-cache-routes';
import { MetricsModule } from './modules/metrics/metrics.module';
import { MEDIA_FILE_ROUTE } from './modules/media/media-routes';
import { SYNDICATION_ROUTES } from './modules/syndication/syndication-routes';

/**
 * Routes served outside the /api prefix: probes for load balancers and orchestrators; feeds, sitemap
 * and robots.txt where readers and crawlers look for them; uploaded images' files.
 */
const UNPREFIXED = [
  { path: 'db-status', method: RequestMethod.GET },
  { path: 'health/live', method: RequestMethod.GET },
  { path: 'health/ready', method: RequestMethod.GET },
  ...SYNDICATION_ROUTES,
  { path: MEDIA_FILE_ROUTE, method: RequestMethod.GET },
];

/** `trustProxy`: TRUST_PROXY (HttpConfig); the tests' apps are reached directly, with no proxy. */
export function createHttpAdapter({
  trustProxy,
  requestTimeoutMs,
}: Pick<HttpConfig, 'trustProxy' | 'requestTimeoutMs'>): FastifyAdapter {
  const adapter = new FastifyAdapter({
    bodyLimit: 1024 * 1024,
    // Fastify's default is no limit: a client that never finishes its body (slowloris) would hold a
    // socket for good. Node answers 408 and closes once the whole request has not arrived in time.
    requestTimeout: requestTimeoutMs,
    // Also given to Node's server as it is made: Fastify sets the limit on the server afterwards, which
    // Node 20 never enforces (measured). And how often Node looks (its 30 s would stretch a short limit).
    http: {
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(requestTimeoutMs / 4)),
    },
    routerOptions: {
      // Slugs run to ~210 characters; Fastify's default of 100 answered long ones with a bare 414.
      maxParamLength: MAX_PATH_SEGMENT,
      // `/api/articles/` is `/api/articles`: RealWorld clients build URLs both ways.
      ignoreTrailingSlash: true,
      // `//api/tags`, `/api//articles`: a base URL that ends in a slash doubles one; runs of slashes
      // are one, as nginx's merge_slashes makes them.
      ignoreDuplicateSlashes: true,
    },
    // A count of proxies is proxy-addr's hop rule: the `trustProxy` hops nearest to us are proxies.
    trustProxy:
      typeof trustProxy === 'number'
        ? (_address: string, hop: number) => hop < trustProxy
        : trustProxy,
    requestIdHeader: false,
    genReqId: requestId,
    // Errors the router meets before any hook runs (a malformed escape in the path).
    frameworkErrors: answerRouterError,
    // Requests Node's HTTP parser refuses (a head over 16 KiB, bytes that are not HTTP).
    clientErrorHandler: answerClientError,
  });
  // The first hook, before the request logger (a middleware, registered later) reads the request.
  adapter.getInstance().addHook('onRequest', (request, _reply, done) => {
    noteClientAddress(request);
    done();
  });
  return adapter;
}

/**
 * The global setup shared by main.ts and the e2e tests, so tests exercise what production runs. The app
 * needs requestLoggingModule (AppModule has it). Apps built from the whole AppModule then add the
 * metrics (installMetrics), which need its MetricsModule.
 */
export function configureApp(
  app: NestFastifyApplication,
  http: HttpConfig,
): NestFastifyApplication {
  // First: a request the hooks below answer (a 503 while draining) still has its access line.
  app.get(RequestLogging).install(app);
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
  useHttpCaching(app, http.cache, HTTP_CACHE_ROUTES);
  app.setGlobalPrefix('api', { exclude: UNPREFIXED });
  app.useGlobalPipes(createValidationPipe());
  // Every route the app declares from here on, by method: a wrong method is a 405, not a 404.
  const allowed = new AllowedMethods({ maxParamLength: MAX_PATH_SEGMENT });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => allowed.add(route));
  const filter = new ApiExceptionFilter(allowed);
  app.useGlobalFilters(filter);
  // Nest sets Fastify's error handler at the end of init, but a module that awaits a Fastify plugin
  // during init (the web site's static files) makes Fastify build the contexts of the routes declared
  // so far before that: they kept Fastify's default handler, and malformed JSON, 413 and 415 came out
  // as Fastify's own {statusCode, code, message}. Each route gets the filter as its own handler when
  // it is declared; a second setErrorHandler on the instance made Fastify warn (FSTWRN004).
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      route.errorHandler ??= (error, request, reply) => filter.respond(error, request, reply);
    });
  useJsonBodyParser(app);
  useFormBodyParser(app);
  // Multipart bodies are streamed by the routes that take them (POST /api/media sets its own limits);
  // applyHttpSecurity refuses them on every other route.
  void app.register(fastifyMultipart, { limits: { files: 1, fields: 10, parts: 20 } });
  setupOpenApi(app);
  return app;
}

/** The request histogram's hook (and GET /metrics when it is served on this port), before init. */
export function installMetrics(app: NestFastifyApplication): NestFastifyApplication {
  MetricsModule.install(app);
  return app;
}
