import { DynamicModule, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { describeConnectionError } from './connection-errors';
import { DatabaseOptions, dataSourceOptions } from './data-source-options';
import { DatabaseSession } from './database-session';
import { pendingMigrations } from './migration-status';
import { RequestTransactionInterceptor } from './request-transaction.interceptor';
import { StartupError } from './startup-error';

export interface DatabaseModuleOptions extends DatabaseOptions {
  /** Apply pending migrations on start; when off, pending migrations stop the start. */
  runMigrations: boolean;
}

async function openDataSource(options: DatabaseModuleOptions): Promise<DataSource> {
  const logger = new Logger('Database');
  const dataSource = new DataSource(dataSourceOptions(options));
  try {
    await dataSource.initialize();
  } catch (error) {
    throw describeConnectionError(error, options.url) ?? error;
  }
  if (options.runMigrations) {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) logger.log(`Applied migration ${migration.name}`);
  } else {
    const pending = await pendingMigrations(dataSource);
    if (pending.length > 0) {
      await dataSource.destroy();
      throw new StartupError(
        `The database schema is behind: ${pending.length} migration(s) not applied (${pending.join(', ')}); run npm run migration:run`,
      );
    }
  }
  return dataSource;
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The shared database layer: the DataSource (built from the same options as the CLI's ormconfig.ts),
 * the request session, and the transaction-per-writing-request interceptor.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      // No per-request middleware: the transaction interceptor opens a context for writing requests only.
      imports: [ClsModule.forRoot({ global: true })],
      providers: [
        { provide: DataSource, useFactory: () => openDataSource(options) },
        DatabaseSession,
        DataSourceCloser,
        { provide: APP_INTERCEPTOR, useClass: RequestTransactionInterceptor },
      ],
      exports: [DataSource, DatabaseSession],
    };
  }
}
