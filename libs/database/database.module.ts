import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule, TypeOrmModuleOptions } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { describeConnectionError } from './connection-errors';
import {
  DATABASE_NOTIFICATIONS_OPTIONS,
  DatabaseNotifications,
  DatabaseNotificationsOptions,
} from './database-notifications';
import { DatabaseOptions, dataSourceOptions } from './data-source-options';
import { DatabaseSession } from './database-session';
import { MigrationProgressLogger } from './migration-progress-logger';
import { pendingMigrations } from './migration-status';
import { queryRows, rowMapper, usePreparedStatements } from './sql-row';
import { sql, statement } from './sql';
import {
  REPLICA_ROUTER_OPTIONS,
  ReplicaOptions,
  ReplicaRouter,
  ReplicaRouterOptions,
} from './replica-router';
import { RequestTransactionInterceptor } from './request-transaction.interceptor';
import { TransactionRetries } from './transaction-retries';
import { primaryPool, trackLentClients } from './statements-in-flight';
import { StartupError } from './startup-error';

export interface DatabaseModuleOptions extends DatabaseOptions {
  /** Apply pending migrations on start; when off, pending migrations stop the start. */
  runMigrations: boolean;
  /** Read replicas (DATABASE_REPLICA_URLS); absent or empty: every query goes to the primary. */
  replicas?: ReplicaOptions;
  /** Who reads in a request (the signed-in user), for read-your-writes when replicas are used. */
  readerOf?: ReplicaRouterOptions['readerOf'];
  /**
   * Where the migration lines go as they happen (main.ts: straight to the log, not held with Nest's
   * start-up lines until Folio listens), so that a long migration does not look like a quiet start.
   * Absent: the Database logger.
   */
  progress?: (line: string) => void;
}

/** The session advisory lock that migration runs take: any fixed 64-bit key of Folio's own. */
export const MIGRATION_LOCK = 7_401_963_508_210_001n;

const lockTaken = rowMapper('advisory lock', (row) => row.boolean('free'));

/**
 * Applies the pending migrations while holding MIGRATION_LOCK, on the connection that holds it:
 * instances started together (MIGRATIONS_RUN=true behind a load balancer) then migrate one at a
 * time, and the later ones find nothing pending, instead of all but one failing on "already exists"
 * and a data migration running twice. An instance that waits says so, and each says what it applies.
 */
async function runMigrationsAlone(
  dataSource: DataSource,
  progress: (line: string) => void,
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  const lock = MIGRATION_LOCK.toString();
  try {
    const [free] = await queryRows(
      runner.manager,
      statement(sql`SELECT pg_try_advisory_lock(${lock}) AS free`),
      lockTaken,
    );
    if (!free) {
      progress('Another instance is applying migrations: waiting for it to finish');
      await runner.query('SELECT pg_advisory_lock($1)', [lock]);
    }
    try {
      const pending = await pendingMigrations(dataSource, runner);
      if (pending.length > 0) {
        const which =
          pending.length <= 3 ? pending.join(', ') : `${pending[0]} to ${pending.at(-1)}`;
        progress(`Applying ${pending.length} migration(s): ${which}`);
      }
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      // Each one is said as it commits (MigrationProgressLogger).
      await executor.executePendingMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [lock]);
    }
  } finally {
    await runner.release();
  }
}

/**
 * Connects, then applies (or checks) the migrations: the app never serves on a schema behind its code,
 * and a CLI command run before the first start finds the tables it needs.
 */
export async function openDataSource(
  typeOrmOptions: DataSourceOptions,
  options: DatabaseModuleOptions,
): Promise<DataSource> {
  const logger = new Logger('Database');
  const progress = options.progress ?? ((line: string) => logger.log(line));
  usePreparedStatements(options.preparedStatements ?? true);
  const dataSource = new DataSource({
    ...typeOrmOptions,
    logger: new MigrationProgressLogger(progress),
  });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw describeConnectionError(error, options.url) ?? error;
  }
  const pool = primaryPool(dataSource);
  if (pool) trackLentClients(pool);
  if (options.runMigrations) {
    try {
      await runMigrationsAlone(dataSource, progress);
    } catch (error) {
      // Each migration runs in its own transaction: the one that failed is the first still pending.
      const [failed] = await pendingMigrations(dataSource).catch(() => []);
      await dataSource.destroy();
      const reason = (error as Error).message.split('\n')[0];
      throw new StartupError(
        `Migration ${failed ?? '(unknown)'} failed, nothing of it was applied: ${reason}`,
      );
    }
  } else {
    const pending = await pendingMigrations(dataSource);
    if (pending.length > 0) {
      await dataSource.destroy();
      throw new StartupError(
        `The database schema is behind: ${pending.length} migration(s) not applied (${pending.join(', ')}); run npm run migration:run (with only the build, as in the Docker image: npx typeorm migration:run -d dist/ormconfig.js)`,
      );
    }
  }
  return dataSource;
}

/**
 * The app's TypeORM options: the CLI's (ormconfig.ts), except that the entities are the ones the feature
 * modules register (`TypeOrmModule.forFeature`) instead of a glob. A test checks that the two lists agree.
 */
function typeOrmModuleOptions(options: DatabaseModuleOptions): TypeOrmModuleOptions {
  return {
    ...dataSourceOptions(options),
    entities: Object.values(options.extraEntities ?? []),
    autoLoadEntities: true,
    // A start against an unreachable database fails at once with one clean line, not ten retries
    // logged with their stacks: a process manager restarts the process, a person fixes the URL.
    toRetry: () => false,
  };
}

/**
 * The shared database layer: the DataSource (TypeOrmModule, built from the same options as the CLI's
 * ormconfig.ts, closed on shutdown), the request session, the transaction-per-writing-request
 * interceptor, the read replicas' router (idle without replicas) and LISTEN/NOTIFY for in-memory
 * caches. Feature modules register their entities with `TypeOrmModule.forFeature([...])`.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        // No per-request middleware: the transaction interceptor opens a context for writing requests only.
        ClsModule.forRoot({ global: true }),
        TypeOrmModule.forRootAsync({
          useFactory: () => typeOrmModuleOptions(options),
          dataSourceFactory: (typeOrmOptions) =>
            openDataSource(typeOrmOptions as DataSourceOptions, options),
        }),
      ],
      providers: [
        DatabaseSession,
        TransactionRetries,
        ReplicaRouter,
        {
          provide: REPLICA_ROUTER_OPTIONS,
          useValue: {
            urls: [],
            maxLagMs: 0,
            ...options.replicas,
            primaryUrl: options.url,
            readerOf: options.readerOf,
          } satisfies ReplicaRouterOptions,
        },
        { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
        {
          provide: DATABASE_NOTIFICATIONS_OPTIONS,
          useValue: { url: options.url } satisfies DatabaseNotificationsOptions,
        },
        DatabaseNotifications,
      ],
      exports: [DatabaseSession, ReplicaRouter, DatabaseNotifications, TransactionRetries],
    };
  }
}
