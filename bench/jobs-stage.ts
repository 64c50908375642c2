import { Client } from 'pg';
import { BenchDatabases } from './bench-database';
import { FolioProcess, startFolio } from './folio-process';
import { FolioApi } from './jobs-api';
import { HookReceiver, MailSink } from './jobs-receivers';

/** What every stage of the jobs benchmark starts from. */
export interface StageSetup {
  /** The checkout whose build runs. */
  root: string;
  /** Folio's environment in every stage (beyond startFolio's own). */
  env: Record<string, string>;
  dbs: BenchDatabases;
  admin: { email: string; password: string };
  receiver: HookReceiver;
  mail: MailSink;
  /** A short tag for this run's account names. */
  run: string;
  log(line: string): void;
}

/** The events the benchmark's endpoint receives. */
const EVENTS = ['article.published', 'user.registered'];

/**
 * One part of the benchmark: a fresh database, Folio started on it, the superuser signed in, writer
 * accounts registered, and (when the build has the webhooks admin API) one endpoint on the receiver,
 * inactive until a measurement turns it on.
 */
export class Stage {
  readonly api: FolioApi;
  /** Whether the running Folio runs workers. */
  private workers: boolean;

  private constructor(
    private readonly setup: StageSetup,
    private readonly url: string,
    /** The stage's database, for the benchmark's own reads (queued jobs, the delivery log). */
    readonly db: Client,
    public folio: FolioProcess | undefined,
    readonly adminToken: string,
    readonly tokens: string[],
    /** The endpoint registered on the receiver; none when the build has no webhooks. */
    readonly webhook: { id: number } | undefined,
    /** The build keeps jobs in PostgreSQL (pg-boss's tables exist). */
    readonly hasJobs: boolean,
  ) {
    this.api = new FolioApi(folio?.url ?? '');
    this.workers = setup.env.JOBS_WORKERS !== 'false';
  }

  static async open(setup: StageSetup, { env = {}, writers }: StageOptions): Promise<Stage> {
    const url = await setup.dbs.copyForRun();
    const folio = await startFolio(url, { ...setup.env, ...env }, [], setup.root);
    const db = new Client({ connectionString: url });
    try {
      await db.connect();
      const api = new FolioApi(folio.url);
      const adminToken = await api.login(setup.admin.email, setup.admin.password);
      let webhook: { id: number } | undefined;
      if (await api.hasWebhooks(adminToken)) {
        const created = await api.createWebhook(adminToken, {
          url: setup.receiver.url,
          events: EVENTS,
          active: false,
        });
        setup.receiver.secret = created.secret;
        webhook = { id: created.id };
      }
      const tokens: string[] = [];
      for (let w = 0; w < writers; w++) tokens.push(await api.register(`w${setup.run}_${w}`));
      const { rows } = await db.query<{ ok: boolean }>(
        `SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`,
      );
      const stage = new Stage(setup, url, db, folio, adminToken, tokens, webhook, rows[0].ok);
      stage.workers = env.JOBS_WORKERS !== 'false';
      return stage;
    } catch (error) {
      await folio.stop();
      await db.end();
      throw error;
    }
  }

  async setEndpointActive(active: boolean): Promise<void> {
    if (this.webhook) await this.api.setWebhookActive(this.adminToken, this.webhook.id, active);
  }

  log(line: string): void {
    this.setup.log(line);
  }

  get receiver(): HookReceiver {
    return this.setup.receiver;
  }

  get mail(): MailSink {
    return this.setup.mail;
  }

  /** Stops this stage's Folio (if running) and starts it again on the same database with `env`. */
  async restart(env: Record<string, string>): Promise<FolioProcess> {
    await this.stopFolio();
    this.folio = await startFolio(this.url, { ...this.setup.env, ...env }, [], this.setup.root);
    this.workers = env.JOBS_WORKERS !== 'false';
    return this.folio;
  }

  /** Restarts Folio with its workers on or off (JOBS_WORKERS), unless it already runs that way. */
  async useWorkers(on: boolean): Promise<void> {
    if (this.folio && this.workers === on) return;
    await this.restart(on ? {} : { JOBS_WORKERS: 'false' });
  }

  async stopFolio(): Promise<void> {
    await this.folio?.stop();
    this.folio = undefined;
  }

  /** Before the next stage copies a new database over this one's name. */
  async close(): Promise<void> {
    await this.stopFolio();
    await this.db.end();
  }
}

export interface StageOptions {
  env?: Record<string, string>;
  /** Accounts to write with, each with its token. */
  writers: number;
}
