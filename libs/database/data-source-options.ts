import { resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { DeferredBeginClient } from './deferred-begin-client';
import { FolioNamingStrategy } from './naming-strategy';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  /** Kill statements that run longer (ms); 0 for no limit. */
  statementTimeoutMs?: number;
  /** The hottest statements prepared once per connection (sql.ts prepared()); default true. */
  preparedStatements?: boolean;
  applicationName?: string;
  /** Entities and migrations beyond the globs: test fixtures, or a library's own. */
  extraEntities?: NonNullable<DataSourceOptions['entities']>;
  extraMigrations?: NonNullable<DataSourceOptions['migrations']>;
}

// The project root, from libs/database in the sources or dist/libs/database in a build.
const ROOT = resolve(__dirname, '..', '..');
// The CLI and Jest load the TypeScript sources; the built app loads dist's JavaScript, never both.
const EXT = __filename.endsWith('.ts') ? 'ts' : 'js';

/**
 * Where entities and migrations are found. Globs, so that an entity in a new module is seen by the app
 * and by `migration:generate` alike with no registration anywhere.
 */
export function entityGlobs(root = ROOT): string[] {
  return [`${root}/src/modules/**/*.entity.${EXT}`, `${root}/libs/**/*.entity.${EXT}`];
}

export function migrationGlobs(root = ROOT): string[] {
  return [`${root}/migrations/*.${EXT}`];
}

/** How long past statement_timeout the driver waits for an answer before it gives up on the server. */
const QUERY_TIMEOUT_MARGIN_MS = 5000;

/** How long a request waits for a database connection (a free one of the pool, or a new one). */
const CONNECTION_TIMEOUT_MS = 5000;

/** The one set of DataSource options, shared by the app (DatabaseModule) and the CLI (ormconfig.ts). */
export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: [...entityGlobs(), ...Object.values(options.extraEntities ?? [])],
    migrations: [...migrationGlobs(), ...Object.values(options.extraMigrations ?? [])],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new FolioNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // TypeORM's logger prints query parameters (password hashes, tokens): errors are logged by the API's filter.
    logging: false,
    applicationName: options.applicationName ?? 'folio',
    extra: {
      // A transaction's BEGIN rides with its first statement (one round trip less per write).
      Client: DeferredBeginClient,
      max: options.poolSize ?? 10,
      // How long a request may wait for a connection: a free one of the pool, or a new one being opened.
      // 2 s gave a healthy but busy server (a 2-core machine at load 5) a 503 for a plain write; a
      // server that does not answer at all still fails a request within 5 s, as a silent one does.
      connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
      ...(options.statementTimeoutMs
        ? {
            statement_timeout: options.statementTimeoutMs,
            // The server cancels a statement at statement_timeout; this is for a server (or a network
            // path) that stopped answering at all: the driver gives up a little later, so a request
            // ends with a 503 instead of hanging until the kernel drops the connection.
            query_timeout: options.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
          }
        : {}),
    },
  };
}
