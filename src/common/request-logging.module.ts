import { DynamicModule, Module } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import type { LogLevel } from '../config/http-config';
import { AppLogger } from './app-logger';
import { REQUEST_LOGGING_OPTIONS, RequestLogging } from './request-logging';

@Module({})
class RequestLoggingModule {}

/** RequestLogging and AppLogger for the whole app; `destination` instead of standard output. */
export function requestLoggingModule(
  level: LogLevel,
  destination?: DestinationStream,
): DynamicModule {
  return {
    module: RequestLoggingModule,
    global: true,
    providers: [
      { provide: REQUEST_LOGGING_OPTIONS, useValue: { level, destination } },
      RequestLogging,
      AppLogger,
    ],
    exports: [RequestLogging, AppLogger],
  };
}
