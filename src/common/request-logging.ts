import { Inject, Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClsService } from 'nestjs-cls';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { stdSerializers, type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger, type Options } from 'pino-http';
import type { LogLevel } from '../config/http-config';
import { loggableUrl, REDACTED } from './loggable-url';

export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A caller's own request id is kept when it is short and plain (a proxy's, a client's trace id). */
const ACCEPTABLE_ID = /^[\w.:-]{1,64}$/;
/** Fastify's request id (createHttpAdapter), which pino-http then reads from the raw request. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTABLE_ID.test(given) ? given : randomUUID();
}

function levelOf(statusCode: number): 'error' | 'warn' | 'info' {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/** Marks a raw response as a request turned away while the server stops (graceful-shutdown.ts). */
const TURNED_AWAY = Symbol('folio.turnedAway');

/**
 * Says that this 503 turned a request away because the server is stopping: expected on every deploy,
 * so its access line is a warning, not an error that would page someone each time.
 */
export function markTurnedAway(response: object): void {
  (response as { [TURNED_AWAY]?: boolean })[TURNED_AWAY] = true;
}

/** Where a request's client address, as Fastify read it (TRUST_PROXY), is kept on the raw request. */
const CLIENT_ADDRESS = Symbol('folio.clientAddress');

/**
 * Keeps the request's client address for its access-log line: behind a trusted proxy, the one its
 * `X-Forwarded-For` names (Fastify's `request.ip`), which the raw request pino-http logs does not know.
 */
export function noteClientAddress(request: { ip: string; raw: object }): void {
  (request.raw as { [CLIENT_ADDRESS]?: string })[CLIENT_ADDRESS] = request.ip;
}

export interface EarlyRequest {
  id: string;
  method?: string;
  url?: string;
  remoteAddress?: string;
}

/**
 * The access-log line of a request answered before Fastify's hooks (and so pino-http) ran: the
 * router's and the HTTP parser's refusals. Same logger, serializers and shape as every other line.
 */
export function logEarlyAnswer(request: EarlyRequest, statusCode: number, startedAt: number): void {
  const logger = lastRoot;
  if (!logger) return;
  const req = { ...request, headers: {}, socket: { remoteAddress: request.remoteAddress } };
  logger[levelOf(statusCode)](
    { req, res: { statusCode, headersSent: true }, responseTime: Date.now() - startedAt },
    'request completed',
  );
}

/** Keys whose values a log line never shows, at any of the first three levels of a logged object. */
const SECRET_KEY = /^(password|token|authorization|cookie)$/i;
const SCRUB_DEPTH = 3;

function isPlain(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * A logged object with the values of secret-named keys (password, token, authorization, cookie, any
 * case) replaced by "[redacted]", in plain objects and arrays down to three levels. What it changes is
 * copied; the caller's object is never modified, and an object with nothing to hide is returned as is.
 * Requests, responses and errors are not plain objects: their serializers decide what is logged.
 */
export function scrubSecrets<T>(value: T, depth = SCRUB_DEPTH): T {
  if (depth === 0) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item: unknown, i) => {
      const scrubbed = scrubSecrets(item, depth - 1);
      if (scrubbed !== item) (copy ??= [...value])[i] = scrubbed;
    });
    return (copy ?? value) as T;
  }
  if (!isPlain(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const scrubbed =
      SECRET_KEY.test(key) && item !== undefined && item !== null
        ? REDACTED
        : scrubSecrets(item, depth - 1);
    if (scrubbed !== item) (copy ??= { ...value })[key] = scrubbed;
  }
  return (copy ?? value) as T;
}

export function pinoHttpOptions(level: LogLevel): Options {
  return {
    level,
    genReqId: (request) => request.id ?? requestId(request),
    // Requests are logged by what they are, never by their headers (Authorization, Cookie) or body.
    serializers: {
      req: (request: {
        id: string;
        method: string;
        url: string;
        remoteAddress?: string;
        raw?: { [CLIENT_ADDRESS]?: string };
      }) => ({
        id: request.id,
        method: request.method,
        url: loggableUrl(request.url),
        remoteAddress: request.raw?.[CLIENT_ADDRESS] ?? request.remoteAddress,
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      // pino-http makes up an error with its own stack for every 5xx; the filter has logged the real one.
      err: (error: Error) =>
        /^failed with status code \d+$/.test(error.message) ? undefined : stdSerializers.err(error),
    },
    // A second line of defence for objects logged by hand. Not pino's `redact`: with it, every
    // request's child logger cost ~130 µs of CPU (a third of a cheap read), for paths the access
    // line's serializers already keep out.
    formatters: { log: scrubSecrets },
    // Probes come every few seconds: a liveness probe is never logged, a readiness probe only when it
    // fails (its cause is logged apart, as `readiness: the database is down`).
    customLogLevel: (request, response, error) =>
      error
        ? 'error'
        : request.url === '/health/ready' && response.statusCode === 200
          ? 'silent'
          : (response as { [TURNED_AWAY]?: boolean })[TURNED_AWAY]
            ? 'warn'
            : levelOf(response.statusCode),
    autoLogging: { ignore: (request) => request.url === '/health/live' },
  };
}

export const REQUEST_LOGGING_OPTIONS = Symbol('folio.requestLoggingOptions');
/** The request's logger, in the request's context (nestjs-cls). */
const REQUEST_LOG = Symbol('folio.requestLog');

export interface RequestLoggingOptions {
  level: LogLevel;
  destination?: DestinationStream;
}

/** The root logger of the app built last in this process: the early answers' (logEarlyAnswer). */
let lastRoot: Logger | undefined;

/**
 * Structured JSON logs, one line per request with its id (pino-http), on standard output;
 * `destination` lets tests capture them. pino's own stream: written asynchronously (a write in flight
 * gathers the lines behind it), the rest written by pino at exit. A 4 KiB buffer flushed on a timer
 * was tried and left: its synchronous writes stall every request behind a slow log reader, and
 * sonic-boom's flush at exit retries a broken pipe forever, so a stop could hang.
 *
 * What is logged while a request is served (AppLogger) goes through that request's logger, so the
 * line carries its `req`. The request's logger is kept in the one request context the app has, the
 * one the database session keeps its unit of work in (nestjs-cls). Not nestjs-pino, which keeps it in
 * an AsyncLocalStorage of its own: on Node 20 each AsyncLocalStorage adds its own work to every
 * promise created, and that second one cost ~15 % of Node's CPU on a write (docs/performance.md).
 */
@Injectable()
export class RequestLogging {
  /** The logger of everything logged outside a request. */
  readonly root: Logger;
  private readonly http: HttpLogger;

  constructor(
    @Inject(REQUEST_LOGGING_OPTIONS) { level, destination }: RequestLoggingOptions,
    private readonly cls: ClsService,
  ) {
    const options = pinoHttpOptions(level);
    this.http = destination ? pinoHttp(options, destination) : pinoHttp(options);
    this.root = this.http.logger;
    lastRoot = this.root;
  }

  /**
   * The access line and the request's logger, from the first of the app's own hooks on (configureApp):
   * every request Fastify routes, a 404 included, runs in a context of its own that holds its logger.
   */
  install(app: NestFastifyApplication): void {
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRequest', (request, reply, done) => {
        // pino-http logs the id Fastify gave the request (and the answer's X-Request-Id carries).
        request.raw.id = request.id;
        this.http(request.raw, reply.raw);
        this.cls.run(() => {
          this.cls.set(REQUEST_LOG, request.raw.log);
          done();
        });
      });
  }

  /** The logger of the request being served, else the root one. */
  current(): Logger {
    return (this.cls.isActive() && this.cls.get<Logger | undefined>(REQUEST_LOG)) || this.root;
  }
}
