import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import {
  DatabaseError,
  DatabaseUnavailableError,
  driverErrorOf,
  InvalidReferenceError,
  InvalidValueError,
  RecordNotFoundError,
  StillReferencedError,
  translateDatabaseError,
  UniqueViolationError,
} from '../../libs/database/database-errors';
import type { AllowedMethods } from './allowed-methods';
import { NO_STORE } from './http-cache/cache-policy';

export type ErrorBody = { errors: Record<string, string[]> };

interface RequestLike {
  method?: string;
  url?: string;
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body?: unknown): void;
}

/** A typed error that already knows its status and RealWorld error body. */
export class ApiError extends HttpException {
  constructor(status: number, errors: Record<string, string | string[]>) {
    const body: ErrorBody = { errors: {} };
    for (const [field, messages] of Object.entries(errors)) {
      body.errors[field] = Array.isArray(messages) ? messages : [messages];
    }
    super(body, status);
  }
}

/**
 * Not an error: what was asked for is at `location` now (a renamed article's old slug). Answered 301
 * with that `Location` and no body; clients follow it.
 */
export class MovedPermanently extends HttpException {
  constructor(readonly location: string) {
    super('moved permanently', HttpStatus.MOVED_PERMANENTLY);
  }
}

function databaseErrorResponse(error: DatabaseError): [number, ErrorBody] {
  if (error instanceof RecordNotFoundError)
    return [404, { errors: { [error.entity]: ['not found'] } }];
  if (error instanceof UniqueViolationError)
    return [409, { errors: { [error.field]: ['has already been taken'] } }];
  if (error instanceof InvalidReferenceError)
    return [422, { errors: { [error.field]: ['does not exist'] } }];
  if (error instanceof InvalidValueError)
    return [422, { errors: { [error.field]: [error.reason] } }];
  if (error instanceof StillReferencedError)
    return [409, { errors: { [error.entity]: ['is still referenced'] } }];
  if (error instanceof DatabaseUnavailableError) {
    return [503, { errors: { database: ['is unavailable, try again shortly'] } }];
  }
  return [500, { errors: { server: ['internal error'] } }];
}

const REASONS: Record<number, string> = {
  400: 'bad request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not found',
  405: 'method not allowed',
  406: 'not acceptable',
  409: 'conflict',
  413: 'is too large',
  414: 'is too long',
  415: 'unsupported media type',
  422: 'is invalid',
  429: 'too many requests',
};

/** Errors raised before a route runs, by code: the field named and its message. */
const EARLY_ERRORS = new Map<string, [string, string]>([
  ['FOLIO_JSON_TOO_DEEP', ['body', 'is nested too deeply']],
  ['FOLIO_JSON_BAD_UNICODE', ['body', 'holds text that is not valid Unicode']],
  ['FOLIO_JSON_BAD_UTF8', ['body', 'is not valid UTF-8']],
  ['FOLIO_JSON_PROTO', ['body', 'must not hold a __proto__ or constructor.prototype key']],
  ['FOLIO_JSON_CHARSET', ['body', 'must be encoded as UTF-8 (charset=utf-8)']],
  ['FOLIO_CONTENT_ENCODING', ['body', 'must not be compressed (Content-Encoding)']],
  ['FST_ERR_CTP_INVALID_JSON_BODY', ['body', 'is not valid JSON']],
  ['FST_ERR_CTP_EMPTY_JSON_BODY', ['body', 'is not valid JSON']],
  ['FST_ERR_CTP_BODY_TOO_LARGE', ['body', 'is too large']],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE', ['body', 'has an unsupported content type']],
  ['FST_ERR_BAD_URL', ['url', 'is not a valid URL']],
  ['FST_ERR_MAX_PARAM_LENGTH', ['url', 'is too long']],
  ['FOLIO_URL_TOO_LONG', ['url', 'is too long']],
  ['FOLIO_HEADERS_TOO_LARGE', ['headers', 'are too large']],
  ['FOLIO_REQUEST_TIMEOUT', ['request', 'took too long to arrive']],
  ['FOLIO_BAD_HTTP', ['request', 'is not valid HTTP']],
]);

/** Messages that name the request's path (Nest's "Cannot GET /..."): a short prefix of it only. */
const MAX_MESSAGE_LENGTH = 100;

function brief(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_MESSAGE_LENGTH)}…`;
}

function httpErrorResponse(error: HttpException): [number, ErrorBody] {
  const status = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'errors' in response) {
    return [status, response as ErrorBody];
  }
  const message =
    typeof response === 'string'
      ? response
      : ((response as { message?: string | string[] }).message ?? REASONS[status] ?? 'error');
  // Nest's body parser raises these as HttpExceptions: name the body, in the words Fastify's get.
  if (status === 413) return [status, { errors: { body: ['is too large'] } }];
  if (status === 400 && String(message).includes('JSON')) {
    return [status, { errors: { body: ['is not valid JSON'] } }];
  }
  const key = status === 404 ? 'route' : status >= 500 ? 'server' : 'request';
  const messages = Array.isArray(message) ? message.map(String) : [String(message)];
  return [status, { errors: { [key]: messages.map(brief) } }];
}

/**
 * Every error body the API sends, in the RealWorld shape `{"errors": {"field": ["message"]}}`.
 * A 500 is logged with its detail and answered without it: no stack, no SQL.
 */
/** Nest's answer when no route matched the path and method: "Cannot PATCH /api/articles/x". */
function isUnrouted(exception: unknown): boolean {
  return exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message);
}

/** The `Allow` header for a path with routes for `methods`: OPTIONS is answered on each. */
function allowHeader(methods: readonly string[]): string {
  return [...methods, 'OPTIONS'].sort().join(', ');
}

/** The schemes a token is taken in. Neither makes a browser ask for a password, as `Basic` would. */
const CHALLENGE = 'Token realm="api", Bearer realm="api"';

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  /** `allowed`: the app's routes by method, for a 405 to a path that has routes for other methods. */
  constructor(private readonly allowed?: AllowedMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<RequestLike>(), http.getResponse<ReplyLike>());
  }

  /** Also Fastify's own error handler (configureApp), for errors raised before Nest's layer runs. */
  respond(exception: unknown, request: RequestLike | undefined, reply: ReplyLike): void {
    // A path that has routes for other methods: its `Allow`, and a 405 rather than a 404; a plain
    // OPTIONS (not a CORS preflight, which the CORS layer answers) is told what the path supports
    // (RFC 9110 9.3.7).
    const methods =
      isUnrouted(exception) && request?.url ? (this.allowed?.of(request.url) ?? []) : [];
    const allow = methods.length > 0 ? allowHeader(methods) : undefined;
    if (allow) reply.header('Allow', allow);
    reply.header('Cache-Control', NO_STORE);
    if (exception instanceof MovedPermanently) {
      reply.header('Location', exception.location).status(exception.getStatus()).send();
      return;
    }
    if (allow && request?.method === 'OPTIONS') {
      reply.status(204).send();
      return;
    }
    const [status, body]: [number, ErrorBody] = allow
      ? [405, { errors: { method: [`is not allowed here (allowed: ${allow})`] } }]
      : this.describe(exception);
    if (status >= 500) this.logServerError(exception, request);
    if (status === 503) reply.header('Retry-After', '5');
    // RFC 9110 11.6.1: a 401 names the schemes that would do (RealWorld's `Token`, and `Bearer`).
    if (status === 401) reply.header('WWW-Authenticate', CHALLENGE);
    // Also over a Content-Type (and the Cache-Control above) the route set before it failed (an image
    // whose file went meanwhile, a feed): Fastify sends an object as JSON only under a JSON type.
    reply.header('Content-Type', 'application/json; charset=utf-8');
    reply.status(status).send(body);
  }

  describe(exception: unknown): [number, ErrorBody] {
    // The client went away (or was cut off for taking too long) while its body was read: Node's
    // "aborted" carries ECONNRESET, which from the driver would mean a lost database.
    if (isRequestAborted(exception)) {
      return [400, { errors: { request: ['was cut off before it arrived in full'] } }];
    }
    const error = translateDatabaseError(exception);
    if (error instanceof DatabaseError) return databaseErrorResponse(error);
    if (error instanceof HttpException) return httpErrorResponse(error);
    const status = (error as { statusCode?: number }).statusCode;
    // Errors raised before a route runs: Fastify's (bad JSON, body too large, wrong content type),
    // the router's, the HTTP parser's (early-answers.ts) and the API's own hooks'.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const { code, message } = error as { code?: string; message?: string };
      const [field, text] = (code !== undefined && EARLY_ERRORS.get(code)) || [
        'body',
        message?.includes('JSON') ? 'is not valid JSON' : (REASONS[status] ?? 'is invalid'),
      ];
      return [status, { errors: { [field]: [text] } }];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { errors: { server: ['internal error'] } }];
  }

  private logServerError(exception: unknown, request: RequestLike | undefined): void {
    const where = `${request?.method ?? '?'} ${request?.url?.split('?')[0] ?? '?'}`;
    const error = exception instanceof Error ? exception : new Error(String(exception));
    // An outage answers every request with a 503: one line each, no stack to flood the logs with.
    const unavailable = translateDatabaseError(exception);
    if (unavailable instanceof DatabaseUnavailableError) {
      this.logger.warn(`${where} failed: database unavailable (${unavailableCause(unavailable)})`);
      return;
    }
    // The driver's error names the SQL but never the parameters; those may hold secrets.
    this.logger.error(`${where} failed: ${error.message}`, error.stack);
  }
}

/**
 * Why the database was unavailable, as the driver said it: a deadlock, a lock or statement timeout, no
 * connection free in time, a lost connection. Its code and message only: they name no parameters.
 */
function unavailableCause(error: DatabaseUnavailableError): string {
  const driver = driverErrorOf(error);
  const { message } = (driver ?? error.cause ?? error) as { message?: unknown };
  const text = typeof message === 'string' && message ? message : 'database unavailable';
  return driver?.code ? `${driver.code}: ${text}` : text;
}

function isRequestAborted(exception: unknown): boolean {
  const { code, message } = (exception ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ECONNRESET' && typeof message === 'string' && /(^|: )aborted$/.test(message);
}
