import { ConsoleLogger, LogLevel as NestLogLevel } from '@nestjs/common';
import type { LogLevel } from './config/http-config';

/**
 * Nest's logger until the app's own (pino) takes over. A start that fails ends with one clean line from
 * main.ts, so what Nest prints on the way (module initialisation, its ExceptionHandler's stack trace,
 * TypeORM's retries) is detail: shown at LOG_LEVEL=debug or trace, and otherwise not at all. A start
 * that succeeds hands the buffered lines to pino, which logs them at their own levels.
 */
export class StartupLogger extends ConsoleLogger {
  constructor(level: LogLevel) {
    const detail = level === 'debug' || level === 'trace';
    super({ logLevels: detail ? ['debug', 'verbose'] : ([] as NestLogLevel[]) });
  }

  override error(message: unknown, ...rest: unknown[]): void {
    this.debug(message, ...rest);
  }

  override fatal(message: unknown, ...rest: unknown[]): void {
    this.debug(message, ...rest);
  }
}
