import { Injectable, LoggerService } from '@nestjs/common';
import type { Level } from 'pino';
import { RequestLogging } from './request-logging';

/** Nest's own exception handlers call `error(message, stack, context)`. */
/**
 * Nest's start-up lines, a hundred and more (each module initialized, each route mapped): how Nest
 * built the app, not news to an operator, who gets Folio's own "listening" line. Written at debug.
 */
const NEST_START_UP = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);
const STACK = /\n\s*at /;

/**
 * Nest's logger (`app.useLogger`), writing JSON lines through pino: `new Logger('Mail').warn(...)`
 * anywhere logs `{"context":"Mail",...}`, with the request's `req` while a request is served
 * (RequestLogging). Nest passes the logger's context last; an Error or an object logged first
 * becomes the line's fields (`err` for an Error).
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(private readonly logging: RequestLogging) {}

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    this.write(
      typeof context === 'string' && NEST_START_UP.has(context) ? 'debug' : 'info',
      message,
      rest,
    );
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    const logger = this.logging.current();
    if (!logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const params = rest.slice(0, -1);
    if (rest.length > 0) fields.context = rest[rest.length - 1];
    if (message instanceof Error) {
      fields.err = message;
      logger[level](fields, ...(params as []));
    } else if (typeof message === 'object' && message !== null) {
      logger[level](Object.assign(fields, message), ...(params as []));
    } else if (
      level === 'error' &&
      params.length === 1 &&
      typeof params[0] === 'string' &&
      STACK.test(params[0])
    ) {
      const error = new Error(String(message));
      error.stack = params[0];
      fields.err = error;
      logger.error(fields);
    } else {
      logger[level](fields, String(message), ...params);
    }
  }
}
