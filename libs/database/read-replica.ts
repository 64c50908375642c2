import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { redactUrl } from './database-url';
import { replicaDriver } from './replica-driver';
import { parseLsn, WalHistory } from './replica-lag';
import { PROBE_TIMEOUT_MS, ReplicaProbe } from './replica-probe';

export type ReplicaStatus = 'up' | 'lagging' | 'down';

/** What the monitor last saw of a replica: for /health/ready and metrics. */
export interface ReplicaState {
  /** `replica-<n>`, in the order of DATABASE_REPLICA_URLS (no host: probes answer anyone). */
  name: string;
  /** up: serves reads; lagging: further behind than the limit; down: unreachable or not a standby. */
  status: ReplicaStatus;
  /** How far behind the primary it was at the last check (ms); null while down. */
  lagMs: number | null;
  /** When it was last checked (ISO 8601); null before the first check. */
  checkedAt: string | null;
}

interface Standby {
  standby: boolean;
  replayed: string | null;
}

/** One read replica: a DataSource on it (whose reads fall back to the primary) and its last state. */
export class ReadReplica {
  readonly dataSource: DataSource;
  private readonly probe: ReplicaProbe;
  private current: ReplicaState;

  constructor(
    readonly name: string,
    private readonly url: string,
    primary: DataSource,
    private readonly logger: Logger,
  ) {
    this.current = { name, status: 'down', lagMs: null, checkedAt: null };
    this.probe = new ReplicaProbe(url);
    const options = primary.options as PostgresDataSourceOptions;
    // The primary's entities, naming and pool settings; nothing that writes (migrations, extensions).
    this.dataSource = new DataSource({
      ...options,
      url,
      migrations: [],
      migrationsRun: false,
      synchronize: false,
      installExtensions: false,
      // A refused connection is the monitor's news (the replica goes down), not a warning per request.
      poolErrorHandler: () => undefined,
      extra: { ...(options.extra as object), connectionTimeoutMillis: PROBE_TIMEOUT_MS },
      driver: replicaDriver({
        primary: () => (primary.driver as PostgresDriver).master as Pool,
        failed: (error) => this.failed(error),
      }),
    });
  }

  /** Serves reads: up at the last check, and nothing failed on it since. */
  get usable(): boolean {
    return this.current.status === 'up';
  }

  get state(): ReplicaState {
    return { ...this.current };
  }

  /** Builds the DataSource; works while the replica is down (its connections come from the primary). */
  async open(): Promise<void> {
    await this.dataSource.initialize();
  }

  /** Where its replay stands against what the primary has written (the history's samples). */
  async check(history: WalHistory, maxLagMs: number): Promise<void> {
    try {
      const row = await this.probe.query<Standby>(
        'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replayed',
      );
      // A promoted replica no longer follows the primary: what it holds drifts apart.
      if (!row.standby || row.replayed === null) throw new Error('it is not a standby');
      const lagMs = history.lagOf(parseLsn(row.replayed), Date.now());
      this.set(lagMs > maxLagMs ? 'lagging' : 'up', lagMs, new Date(), maxLagMs);
    } catch (error) {
      this.set('down', null, new Date(), maxLagMs, error);
    }
  }

  /** A read fell back to the primary: skip this replica until a check finds it serving again. */
  failed(error: unknown): void {
    if (this.current.status === 'down') return;
    const checkedAt = this.current.checkedAt ? new Date(this.current.checkedAt) : null;
    this.set('down', null, checkedAt, 0, error);
  }

  async close(): Promise<void> {
    await this.probe.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private set(
    status: ReplicaStatus,
    lagMs: number | null,
    checkedAt: Date | null,
    maxLagMs: number,
    error?: unknown,
  ): void {
    if (status !== this.current.status || this.current.checkedAt === null) {
      const where = `Read replica ${this.name} (${redactUrl(this.url)})`;
      if (status === 'up') this.logger.log(`${where} is up, ${lagMs} ms behind`);
      else if (status === 'lagging') {
        this.logger.warn(`${where} is ${lagMs} ms behind (limit ${maxLagMs}): reads go elsewhere`);
      } else {
        const reason = error instanceof Error ? error.message : String(error);
        this.logger.warn(`${where} is down (${reason}): reads go elsewhere`);
      }
    }
    this.current = { name: this.name, status, lagMs, checkedAt: checkedAt?.toISOString() ?? null };
  }
}
