import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import {
  DatabaseError,
  DatabaseUnavailableError,
  InvalidReferenceError,
  InvalidValueError,
  RecordNotFoundError,
  StillReferencedError,
  translateDatabaseError,
  UniqueViolationError,
} from '../../libs/database/database-errors';

export type ErrorBody = { errors: Record<string, string[]> };

interface RequestLike {
  method?: string;
  url?: string;
}

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(body: unknown): void;
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
  return [status, { errors: { [key]: Array.isArray(message) ? message : [String(message)] } }];
}

/**
 * Every error body the API sends, in the RealWorld shape `{"errors": {"field": ["message"]}}`.
 * A 500 is logged with its detail and answered without it: no stack, no SQL.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.respond(exception, http.getRequest<RequestLike>(), http.getResponse<ReplyLike>());
  }

  /** Also Fastify's own error handler (configureApp), for errors raised before Nest's layer runs. */
  respond(exception: unknown, request: RequestLike | undefined, reply: ReplyLike): void {
    const [status, body] = this.describe(exception);
    if (status >= 500) this.logServerError(exception, request);
    if (status === 503) reply.header('Retry-After', '5');
    reply.status(status).send(body);
  }

  describe(exception: unknown): [number, ErrorBody] {
    const error = translateDatabaseError(exception);
    if (error instanceof DatabaseError) return databaseErrorResponse(error);
    if (error instanceof HttpException) return httpErrorResponse(error);
    const status = (error as { statusCode?: number }).statusCode;
    // Errors that Fastify raises before a route runs (bad JSON, body too large, wrong content type).
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = (error as { code?: string }).code ?? '';
      const field =
        code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'url' : 'body';
      return [
        status,
        {
          errors: {
            [field]: [fastifyMessage(error as { code?: string; message?: string }, status)],
          },
        },
      ];
    }
    return [HttpStatus.INTERNAL_SERVER_ERROR, { errors: { server: ['internal error'] } }];
  }

  private logServerError(exception: unknown, request: RequestLike | undefined): void {
    const where = `${request?.method ?? '?'} ${request?.url?.split('?')[0] ?? '?'}`;
    const error = exception instanceof Error ? exception : new Error(String(exception));
    // An outage answers every request with a 503: one line each, no stack to flood the logs with.
    if (translateDatabaseError(exception) instanceof DatabaseUnavailableError) {
      this.logger.warn(`${where} failed: database unavailable (${error.message})`);
      return;
    }
    // The driver's error names the SQL but never the parameters; those may hold secrets.
    this.logger.error(`${where} failed: ${error.message}`, error.stack);
  }
}

function fastifyMessage(error: { code?: string; message?: string }, status: number): string {
  switch (error.code) {
    case 'FOLIO_JSON_TOO_DEEP':
      return 'is nested too deeply';
    case 'FOLIO_JSON_BAD_UNICODE':
      return 'holds text that is not valid Unicode';
    case 'FST_ERR_BAD_URL':
      return 'is not a valid URL';
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return 'is too long';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'is not valid JSON';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'is too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'has an unsupported content type';
  }
  if (error.message?.includes('JSON')) return 'is not valid JSON';
  return REASONS[status] ?? 'is invalid';
}
