import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import type { DestinationStream } from 'pino';
import { DatabaseOptions } from '../libs/database/data-source-options';
import { DatabaseModule } from '../libs/database/database.module';
import { DomainEventsModule } from '../libs/events/domain-events.module';
import { JobQueueModule } from '../libs/jobs/job-queue.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { requestLoggingModule } from './common/request-logging.module';
import { AppConfig } from './config/app-config';
import { AccountsModule } from './modules/accounts/accounts.module';
import type { AuthenticatedRequest } from './modules/accounts/authenticated-request';
import { AdminModule } from './modules/admin/admin.module';
import { CommentsModule } from './modules/comments/comments.module';
import { HealthModule } from './modules/health/health.module';
import { IdentityProvidersModule } from './modules/identity-providers/identity-providers.module';
import { MailModule } from './modules/mail/mail.module';
import { MediaModule } from './modules/media/media.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NewsletterModule } from './modules/newsletter/newsletter.module';
import { PostsModule } from './modules/posts/posts.module';
import { ProfilesModule } from './modules/profiles/profiles.module';
import { StaticPagesModule } from './modules/static-pages/static-pages.module';
import { SyndicationModule } from './modules/syndication/syndication.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { WebModule } from './modules/web/web.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Where the JSON logs go (standard output when absent); tests capture them. */
  logDestination?: DestinationStream;
  /** Entities and migrations beyond the app's own: the e2e tests' fixtures. */
  databaseExtras?: Pick<DatabaseOptions, 'extraEntities' | 'extraMigrations'>;
  /** Where the migration lines go as they happen (see DatabaseModuleOptions.progress). */
  progress?: (line: string) => void;
}

@Module({})
export class AppModule {
  /** The config is validated before the module is built, so a test can build one per database. */
  static register({
    config,
    databaseUrl,
    logDestination,
    databaseExtras,
    progress,
  }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => config] }),
        requestLoggingModule(config.http.logLevel, logDestination),
        DatabaseModule.forRoot({
          url: databaseUrl,
          ...config.database,
          // Read-your-writes (read replicas) is per signed-in user, left on the request by the auth guard.
          readerOf: (request) => (request as AuthenticatedRequest).authUser?.id,
          progress,
          ...databaseExtras,
        }),
        DomainEventsModule,
        JobQueueModule.forRoot({
          url: databaseUrl,
          work: config.jobs.workers,
          shutdownTimeoutMs: config.http.shutdownTimeoutMs,
          poolSize: config.jobs.poolSize,
          monitorIntervalSeconds: config.jobs.monitorIntervalSeconds,
          pollIntervalSeconds: config.jobs.pollIntervalSeconds,
        }),
        RateLimitModule,
        MetricsModule,
        HealthModule,
        MailModule,
        AccountsModule,
        IdentityProvidersModule,
        ProfilesModule,
        AdminModule,
        PostsModule,
        StaticPagesModule,
        CommentsModule,
        WebhooksModule,
        NewsletterModule,
        SyndicationModule,
        MediaModule,
        WebModule,
      ],
    };
  }
}
