import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppLogger } from '../../src/common/app-logger';
import type { DestinationStream } from 'pino';
import { Test } from '@nestjs/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/app-config';
import { Env } from '../../src/config/env-reader';
import { installAnswerCache } from '../../src/common/http-cache/answer-cache';
import { configureApp, createHttpAdapter, installMetrics } from '../../src/configure-app';
import { EagerPluginModule } from '../fixtures/eager-plugin.module';
import { FixtureModule } from '../fixtures/fixture.module';
import { Gadget } from '../fixtures/gadget.entity';
import { CreateFixtures1700000000000 } from '../fixtures/migrations/1700000000000-CreateFixtures';
import { Shelf } from '../fixtures/shelf.entity';
import { authHeader } from './auth-factory';
import { lateBound } from './late-bound';
import { databaseUrl, dropDatabase, withAdmin } from './test-database-server';

/** The test-only entities and routes (/api/fixture/...), for tests that need writes of their own. */
const FIXTURE_DATABASE = {
  extraEntities: [Gadget, Shelf],
  extraMigrations: [CreateFixtures1700000000000],
};

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

function testServer(): { adminUrl: string; template: string } {
  const adminUrl = process.env.FOLIO_TEST_ADMIN_URL;
  const template = process.env.FOLIO_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('The e2e global setup did not run');
  return { adminUrl, template };
}

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const { adminUrl, template } = testServer();
  const name = `folio_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, async (client) => {
    const source = options.migrated === false ? '' : ` TEMPLATE "${template}"`;
    // Two files cloning the template at the same instant can collide (55006): try again.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}"${source}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 25));
      }
    }
  });
  return { name, url: databaseUrl(adminUrl, name), drop: () => dropDatabase(adminUrl, name) };
}

export interface TestApp {
  app: NestFastifyApplication;
  dataSource: DataSource;
  database: TestDatabase;
  http(): TestAgent;
  /** A client whose every request carries the token, as a signed-in frontend sends it. */
  as(token: string): TestAgent;
  close(): Promise<void>;
}

export interface AppOptions {
  logDestination?: DestinationStream;
  /** Add the test-only fixture entities and routes. */
  fixtures?: boolean;
  /** Providers given another value (a sitemap page size small enough to test). */
  overrides?: { provide: symbol | string; useValue: unknown }[];
}

/** The app as main.ts builds it (same module, adapter, logger and global setup), on any database URL. */
export async function buildApp(
  databaseUrl: string,
  env: Env = {},
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  // Errors only, unless the test reads the log or asks for a level: every 4xx a test provokes on
  // purpose would otherwise be a warn line in the run's output.
  const quiet = options.logDestination === undefined ? { LOG_LEVEL: 'error' } : {};
  const config = loadConfig({ NODE_ENV: 'test', ...quiet, ...env });
  const builder = Test.createTestingModule({
    imports: [
      AppModule.register({
        config,
        databaseUrl,
        logDestination: options.logDestination,
        databaseExtras: options.fixtures ? FIXTURE_DATABASE : undefined,
      }),
      ...(options.fixtures ? [FixtureModule, EagerPluginModule] : []),
    ],
  });
  for (const { provide, useValue } of options.overrides ?? []) {
    builder.overrideProvider(provide).useValue(useValue);
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createHttpAdapter(config.http),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(AppLogger));
  installAnswerCache(installMetrics(configureApp(app, config.http)), config.http.cache);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

/** The whole app, set up as main.ts sets it up, on its own database. */
export async function createTestApp(env: Env = {}, options: AppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp(database.url, env, options);
  return testAppOf(app, database, async () => {
    await app.close();
    await database.drop();
  });
}

/** A built app on `database` as a test uses it; `close` ends what the caller owns. */
export function testAppOf(
  app: NestFastifyApplication,
  database: TestDatabase,
  close: () => Promise<void>,
): TestApp {
  return {
    app,
    dataSource: app.get(DataSource),
    database,
    http: () => request(app.getHttpServer()),
    as: (token) => request.agent(app.getHttpServer()).set(...authHeader(token)),
    close,
  };
}

const TEST_APP_KEYS = ['app', 'dataSource', 'database', 'http', 'as', 'close'] as const;

/**
 * The test app of one describe block: created in its beforeAll, closed in its afterAll. What it returns
 * stands for that app once the beforeAll has run (tests and later hooks use it as a TestApp).
 */
export function useTestApp(env: Env = {}, options: AppOptions = {}): TestApp {
  return useTestApps(1, env, options)[0];
}

/**
 * `count` instances of the app on one database of their own, as several processes behind a load
 * balancer: created in the describe block's beforeAll, each with its own pool, workers and listening
 * connection; in its afterAll the others stop before the first, which drops the database.
 */
export function useTestApps(count: number, env: Env = {}, options: AppOptions = {}): TestApp[] {
  const current: TestApp[] = [];
  beforeAll(async () => {
    const first = await createTestApp(env, options);
    current.push(first);
    while (current.length < count) {
      const app = await buildApp(first.database.url, env, options);
      current.push(testAppOf(app, first.database, () => app.close()));
    }
  });
  afterAll(async () => {
    for (const app of current.splice(0).reverse()) await app.close();
  });
  return Array.from({ length: count }, (_, index) =>
    lateBound(`useTestApps[${index}]`, TEST_APP_KEYS, () => current[index]),
  );
}
