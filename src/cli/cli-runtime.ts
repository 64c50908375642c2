import { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { describeConnectionError } from '../../libs/database/connection-errors';
import { dataSourceOptions } from '../../libs/database/data-source-options';
import { resolveDatabase } from '../../libs/database/database-url';
import { openDataSource } from '../../libs/database/database.module';
import { AppConfig } from '../config/app-config';

// What every command runs in: its logger, the database, and Folio's modules when a command needs them.

/** Nest's own start-up lines (each module initialized): not news to someone running a command. */
const NEST_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplicationContext']);

/**
 * Folio's lines (a migration applied, a module's warning) as plain lines on stderr, beside the embedded
 * PostgreSQL's: standard output is the command's own report.
 */
export const cliLogger: LoggerService = {
  log: (message: unknown, context?: string) => {
    if (!NEST_CONTEXTS.has(context ?? '')) console.error(String(message));
  },
  warn: (message: unknown) => console.error(String(message)),
  error: (message: unknown) => console.error(String(message)),
};

/**
 * Runs `work` on the database the settings name (the embedded one by default), its migrations applied
 * as `npm start` applies them (MIGRATIONS_RUN), then lets it go.
 */
export async function withDatabase<T>(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const { runMigrations } = config.database;
  const database = await resolveDatabase(process.env, (line) => console.error(line));
  let dataSource: DataSource;
  try {
    // A server that is down, a wrong password, a missing database: one line, as `npm start` says it.
    dataSource = await openDataSource(dataSourceOptions({ url: database.url }), {
      url: database.url,
      runMigrations,
    });
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
    await database.embedded?.stop();
  }
}

/**
 * Runs `work` in Folio's modules (as the server builds them from the settings, without job workers) on
 * the database the settings name, for a command that needs a module's service (the media library).
 */
export async function withApp<T>(
  config: AppConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const database = await resolveDatabase(process.env, (line) => console.error(line));
  let app: INestApplicationContext;
  try {
    // Loaded here: the other commands need none of Folio's modules.
    const { AppModule } = await import('../app.module');
    app = await NestFactory.createApplicationContext(
      AppModule.register({
        config: { ...config, jobs: { ...config.jobs, workers: false } },
        databaseUrl: database.url,
      }),
      { logger: cliLogger, abortOnError: false },
    );
  } catch (error) {
    await database.embedded?.stop();
    throw describeConnectionError(error, database.url) ?? error;
  }
  try {
    return await work(app);
  } finally {
    await app.close();
    await database.embedded?.stop();
  }
}
