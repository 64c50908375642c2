import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { testPort } from '../support/test-port';
import { HttpsWebhookReceiver } from '../browser/support/webhook-receiver';
import { PostgresReplica } from '../support/postgres-replica';
import { TestSmtpServer } from '../support/test-smtp-server';
import { FolioInstance } from './folio-instance';
import { HaproxyServer } from './haproxy';
import { RedisServer } from './redis-server';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

export const SUPERUSER = {
  email: 'admin@folio.test',
  username: 'admin',
  password: `admin-${randomBytes(8).toString('hex')}`,
};

/** Per account at its default (what the rate-limit check counts); per IP out of the load's way. */
const RATE_LIMITS = {
  AUTH_RATE_LIMIT_LOGIN_PER_IP: '100000',
  AUTH_RATE_LIMIT_REGISTER_PER_IP: '100000',
  AUTH_RATE_LIMIT_WRITE_PER_IP: '100000',
  AUTH_RATE_LIMIT_WRITE_PER_ACCOUNT: '100000',
  AUTH_RATE_LIMIT_SEARCH_PER_IP: '100000',
};

/**
 * The whole deployment on loopback: a PostgreSQL primary and its streaming replica, Redis, an SMTP
 * server and a webhook receiver (the outside world), `size` Folio instances and HAProxy in front.
 * Folio reaches the database as its own role with a strong password, as production requires; the
 * migrations run once, from the build, before any instance starts (what the docs tell operators).
 */
export class Cluster {
  readonly instances: FolioInstance[] = [];
  private readonly folder = mkdtempSync(join(tmpdir(), 'folio-cluster-'));
  private pg?: PostgresReplica;
  private redisServer?: RedisServer;
  smtp?: TestSmtpServer;
  private hooks?: HttpsWebhookReceiver;
  private proxy?: HaproxyServer;
  private readonly appPassword = randomBytes(18).toString('hex');

  constructor(private readonly log: (line: string) => void) {}

  async start(size: number): Promise<void> {
    const release = this.release();
    this.pg = await PostgresReplica.start({ log: this.log });
    await this.admin(this.pg.primaryUrl(), [
      `CREATE ROLE folio LOGIN PASSWORD '${this.appPassword}'`,
      'CREATE DATABASE folio OWNER folio',
    ]);
    await this.migrate(release);
    this.redisServer = await RedisServer.start();
    this.smtp = await TestSmtpServer.start();
    this.hooks = new HttpsWebhookReceiver();
    await this.hooks.start();
    this.log(`Redis on ${this.redisServer.port}; migrations applied once, from dist/ormconfig.js`);
    const balancerPort = await testPort();
    const env = this.instanceEnv(`http://127.0.0.1:${balancerPort}`);
    for (let i = 1; i <= size; i++) {
      this.instances.push(await FolioInstance.create(`folio${i}`, release, env));
    }
    // Together, as a deployment starts them: pg-boss installs its schema once, under its lock.
    await Promise.all(this.instances.map((instance) => instance.start()));
    this.proxy = await HaproxyServer.start(
      this.folder,
      balancerPort,
      this.instances.map(({ name, port }) => ({ name, port })),
    );
    for (const instance of this.instances)
      await this.proxy.waitForState(instance.name, 'UP', 15_000);
    this.log(
      `${size} instances (${this.instances.map((i) => `${i.name}:${i.port}`).join(', ')}) behind HAProxy on ${balancerPort}`,
    );
  }

  get balancer(): HaproxyServer {
    if (!this.proxy) throw new Error('the cluster is not started');
    return this.proxy;
  }

  get postgres(): PostgresReplica {
    if (!this.pg) throw new Error('the cluster is not started');
    return this.pg;
  }

  get webhooks(): HttpsWebhookReceiver {
    if (!this.hooks) throw new Error('the cluster is not started');
    return this.hooks;
  }

  get mail(): TestSmtpServer {
    if (!this.smtp) throw new Error('the cluster is not started');
    return this.smtp;
  }

  get redisUrl(): string {
    if (!this.redisServer) throw new Error('the cluster is not started');
    return this.redisServer.url;
  }

  /** The application's database on the primary, as Folio's role. */
  get databaseUrl(): string {
    return this.appUrl(this.postgres.primaryUrl('folio'));
  }

  get replicaUrl(): string {
    return this.appUrl(this.postgres.replicaUrl('folio'));
  }

  /** A query on the primary (the truth), or on the replica with `on: 'replica'`. */
  async query<T>(sql: string, params: unknown[] = [], on: 'primary' | 'replica' = 'primary') {
    const client = new Client({
      connectionString: on === 'primary' ? this.databaseUrl : this.replicaUrl,
      connectionTimeoutMillis: 3000,
    });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Stops everything it started, whatever state it is in; never throws. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.stop().catch(() => undefined)));
    await this.proxy?.stop().catch(() => undefined);
    await this.redisServer?.stop().catch(() => undefined);
    await this.smtp?.close().catch(() => undefined);
    await this.hooks?.stop().catch(() => undefined);
    await this.pg?.stop().catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }

  /**
   * On a signal or a crash: SIGKILL to every process it started and its folder removed, at once and
   * synchronously (an exit hook); the replica pair has its own exit hook.
   */
  killAll(): void {
    for (const instance of this.instances) instance.forceKill();
    this.proxy?.kill();
    this.redisServer?.kill();
    rmSync(this.folder, { recursive: true, force: true });
  }

  /** What each instance and HAProxy last printed, for a failure report. */
  logs(): string {
    return [
      ...this.instances.map((i) => `--- ${i.name}\n${i.log(1500)}`),
      `--- haproxy\n${this.proxy?.log() ?? ''}`,
    ].join('\n');
  }

  private instanceEnv(publicUrl: string): Record<string, string> {
    return {
      HOST: '127.0.0.1',
      DATABASE_URL: this.databaseUrl,
      DATABASE_REPLICA_URLS: this.replicaUrl,
      // The lag check pauses replay for seconds: the replica must stay in use meanwhile, so that what
      // the check proves is read-your-writes, not the lag limit.
      DATABASE_REPLICA_MAX_LAG_MS: '60000',
      REDIS_URL: this.redisUrl,
      // The migrations ran once, before the instances: each only checks that none is pending.
      MIGRATIONS_RUN: 'false',
      TRUST_PROXY: '127.0.0.1',
      APP_URL: publicUrl,
      // One folder for every instance's uploads, as the compose file's shared volume.
      MEDIA_DIR: join(this.folder, 'media'),
      SMTP_URL: this.mail.url,
      MAIL_FROM: 'Folio <folio@folio.test>',
      FIRST_SUPERUSER_EMAIL: SUPERUSER.email,
      FIRST_SUPERUSER_USERNAME: SUPERUSER.username,
      FIRST_SUPERUSER_PASSWORD: SUPERUSER.password,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      NODE_EXTRA_CA_CERTS: this.webhooks.certificateFile,
      JOBS_POLL_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'warn',
      ...RATE_LIMITS,
    };
  }

  /**
   * A release folder, as a deployment has one: a copy of the build beside the dependencies. The
   * instances run from it, so a rebuild of dist/ meanwhile (someone working in the checkout) cannot
   * pull files from under a restart; and no .env of the checkout reaches them.
   */
  private release(): string {
    const release = join(this.folder, 'release');
    if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) {
      throw new Error('dist/src/main.js is missing: run npm run build:api');
    }
    mkdirSync(release);
    cpSync(join(ROOT, 'dist'), join(release, 'dist'), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(release, 'node_modules'));
    return release;
  }

  /** `typeorm migration:run -d dist/ormconfig.js`: the step an upgrade runs once, before the instances. */
  private async migrate(release: string): Promise<void> {
    await run(
      process.execPath,
      ['node_modules/typeorm/cli.js', 'migration:run', '-d', 'dist/ormconfig.js'],
      { cwd: release, env: { PATH: process.env.PATH, DATABASE_URL: this.databaseUrl } },
    );
  }

  private appUrl(url: string): string {
    const parsed = new URL(url);
    parsed.username = 'folio';
    parsed.password = this.appPassword;
    return parsed.toString();
  }

  private async admin(url: string, statements: string[]): Promise<void> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of statements) await client.query(statement);
    } finally {
      await client.end();
    }
  }
}
