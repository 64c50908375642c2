import type { LoggerService } from '@nestjs/common';
import pino, { type Level, type Logger } from 'pino';
import type { LogLevel } from './config/http-config';

/**
 * Nest's static logger until the app's own takes over (`app.useLogger(AppLogger)`): the lines main.ts
 * writes while the database is resolved and the app is built (the embedded PostgreSQL starting, a
 * signal while starting) as JSON lines at LOG_LEVEL, the shape of every later line, instead of Nest's
 * coloured text, which ignored LOG_LEVEL.
 */
export class EarlyLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(level: LogLevel) {
    this.pino = pino({ level });
  }

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }

  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest[rest.length - 1] as string | undefined);
  }

  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: Level, message: unknown, context: string | undefined): void {
    this.pino[level]({ ...(context ? { context } : {}) }, String(message));
  }
}
