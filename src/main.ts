// First: tracing, when on, must be running before http, fastify and pg are loaded.
import { flushTracing } from './tracing-preload';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadProjectEnv } from '../libs/project/project-root';
import { DatabaseTarget, redactUrl, resolveDatabase } from '../libs/database/database-url';
import { StartupError } from '../libs/database/startup-error';
import { AppModule } from './app.module';
import { AppLogger } from './common/app-logger';
import { closeGracefully } from './common/graceful-shutdown';
import { AppConfig, loadConfig } from './config/app-config';
import { EarlyLogger } from './early-logger';
import { installAnswerCache } from './common/http-cache/answer-cache';
import { configureApp, createHttpAdapter, installMetrics } from './configure-app';
import { describeListenError } from './listen-errors';
import { productionWarnings } from './production-warnings';
import { StartupLogger } from './startup-logger';

const logger = new Logger('Folio');
/**
 * The JSON logger of the lines before the app's own: the start's signal lines go to it directly, since
 * Nest keeps what is logged while it builds the app (bufferLogs) and an interrupted start never flushes.
 */
let early: EarlyLogger | undefined;

/** A line of the start: to the early logger while there is one, else to the app's. */
function startLine(line: string): void {
  if (early) early.log(line, 'Folio');
  else logger.log(line);
}

/**
 * The stop signals, from the first line on. While Folio starts, a signal stops at once what has started:
 * nothing (exit), or the embedded PostgreSQL, without waiting for the app (whose start may wait on the
 * migration lock for long). Only while the embedded PostgreSQL is being started (`resolving`) does it
 * wait, for the handle that stops it. Once Folio listens, `running` takes them.
 */
const signals: {
  received?: NodeJS.Signals;
  resolving?: boolean;
  database?: DatabaseTarget;
  running?: (signal: NodeJS.Signals) => void;
} = {};
// `on`, not `once`: Ctrl-C reaches us from the terminal and again from npm and the launcher, and a
// second signal with no handler would kill the process before PostgreSQL is stopped.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, (received) => {
    if (signals.running) return signals.running(received);
    if (signals.received) return;
    signals.received = received;
    startLine(`${received} received while starting: stopping`);
    if (!signals.resolving) void abandonStart();
  });
}

let abandoning: Promise<never> | undefined;

/** Stops what a start interrupted by a signal has started (the embedded PostgreSQL), and exits. */
function abandonStart(): Promise<never> {
  abandoning ??= (async () => {
    await signals.database?.embedded?.stop().catch(() => undefined);
    startLine('Folio stopped');
    process.exit(0);
  })();
  return abandoning;
}

async function bootstrap(): Promise<void> {
  loadProjectEnv();
  const config = loadConfig(process.env);
  // JSON lines at LOG_LEVEL from the first one; the app's logger takes over once it is built.
  early = new EarlyLogger(config.http.logLevel);
  Logger.overrideLogger(early);
  signals.resolving = true;
  let database: DatabaseTarget;
  try {
    database = await resolveDatabase(process.env, (line, level) =>
      level === 'warn' ? logger.warn(line) : logger.log(line),
    );
  } catch (error) {
    // Ctrl-C in a terminal (or a manager stopping the whole group) signals initdb and PostgreSQL too:
    // their failure is that stop, not an error to report (initdb removes what it had made).
    if (signals.received) return abandonStart();
    throw error;
  } finally {
    signals.resolving = false;
  }
  signals.database = database;
  if (signals.received) return abandonStart();
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({
        config,
        databaseUrl: database.url,
        // Migrations are logged as they are applied, not held with Nest's lines until Folio listens.
        progress: (line) => early?.log(line, 'Database'),
      }),
      createHttpAdapter(config.http),
      {
        abortOnError: false,
        bufferLogs: true,
        // Nest's start-up lines reach the log once Folio listens; a start that fails prints its one line.
        autoFlushLogs: false,
        logger: new StartupLogger(config.http.logLevel),
      },
    );
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  app.useLogger(app.get(AppLogger));
  installAnswerCache(installMetrics(configureApp(app, config.http)), config.http.cache);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close().catch(() => undefined);
    await database.embedded?.stop();
    throw describeListenError(error, config.host, config.port) ?? error;
  }
  app.flushLogs();
  early = undefined;
  const listening = await app.getUrl();
  // Where to open it: the address mailed links and feeds give (a browser keeps a session per address).
  const site =
    config.auth.appUrl === listening ? '' : `; open the site at ${config.auth.appUrl} (APP_URL)`;
  logger.log(`Folio is listening on ${listening} (database: ${describe(database)})${site}`);
  for (const warning of productionWarnings(config, process.env)) logger.warn(warning);
  if (config.tracing.enabled) {
    const { exporters, protocol } = config.tracing;
    const over = exporters.includes('otlp') ? ` (OTLP over ${protocol})` : '';
    logger.log(`OpenTelemetry tracing is on: spans go to ${exporters.join(', ')}${over}`);
  }
  stopOnSignals(app, database, config);
}

function describe(database: DatabaseTarget): string {
  return database.source === 'embedded' ? 'embedded PostgreSQL' : redactUrl(database.url);
}

function stopOnSignals(
  app: NestFastifyApplication,
  database: DatabaseTarget,
  config: AppConfig,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing requests and stopping`);
    try {
      await closeGracefully(app, config.http.shutdownTimeoutMs);
      await database.embedded?.stop();
      await flushTracing();
      logger.log('Folio stopped');
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${(error as Error).message}`);
      process.exit(1);
    }
  };
  // A signal that came while the app began to listen is being handled by abandonStart.
  if (!signals.received) signals.running = (received) => void stop(received);
}

bootstrap().catch((error: unknown) => {
  // A start stopped by a signal fails as its database goes: abandonStart exits.
  if (abandoning) return;
  if (error instanceof StartupError) {
    console.error(`Folio could not start: ${error.message}`);
  } else {
    // Its message only (a module that cannot be built: Nest says which provider and what to check);
    // the stack and the objects it carries with LOG_LEVEL=debug or trace.
    console.error(
      `Folio could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    if (/^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) console.error(error);
  }
  process.exit(1);
});
