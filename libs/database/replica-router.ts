import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ReadReplica, ReplicaState } from './read-replica';
import { MemoryRecentWrites, RecentWrites } from './recent-writes';
import type { RedisRecentWrites } from './redis-recent-writes';
import { parseLsn, WalHistory } from './replica-lag';
import { PROBE_TIMEOUT_MS, ReplicaProbe } from './replica-probe';

/** DATABASE_REPLICA_URLS and DATABASE_REPLICA_MAX_LAG_MS, with where recent writers are kept. */
export interface ReplicaOptions {
  urls: string[];
  maxLagMs: number;
  /** Shared by every instance when set (REDIS_URL); this process's memory otherwise. */
  redisUrl?: string;
}

export interface ReplicaRouterOptions extends ReplicaOptions {
  primaryUrl: string;
  /** Who reads in a request (the signed-in user): their reads after their writes see those writes. */
  readerOf?: (request: unknown) => string | number | undefined;
}

export const REPLICA_ROUTER_OPTIONS = Symbol('folio.replicaRouterOptions');

/** The monitor checks the replicas this often (a round takes at most two probe timeouts more). */
export const CHECK_INTERVAL_MS = 500;
/** A round older than this (a stalled monitor) is not trusted: reads go to the primary. */
const STALE_AFTER_MS = CHECK_INTERVAL_MS + 2 * PROBE_TIMEOUT_MS + 250;

/**
 * Sends the reads that need no fresh view to a read replica, and everything else to the primary.
 *
 * The request session asks `readManager()` once per reading request (a GET outside any unit of work):
 * it answers a replica's EntityManager when one is usable and the reader has not written lately, the
 * primary's otherwise. Whether a replica is usable is decided in the background, every
 * CHECK_INTERVAL_MS, by comparing its replayed WAL position with the primary's recent positions: a
 * request only reads a field. A replica that is down, not a standby, or further behind than
 * DATABASE_REPLICA_MAX_LAG_MS is skipped until a check finds it well again.
 *
 * Read-your-writes: after a writing request commits, its reader is remembered (Redis or memory) for
 * `freshReadsMs`, and their reads go to the primary meanwhile. That window is the lag limit plus twice
 * the oldest a used replica's check can be: a replica still in use afterwards has replayed the write.
 */
@Injectable()
export class ReplicaRouter implements OnApplicationBootstrap, OnApplicationShutdown {
  /** False without DATABASE_REPLICA_URLS: every query goes to the primary, as if this class did not exist. */
  readonly enabled: boolean;
  /** How long a writer's reads go to the primary after their write. */
  readonly freshReadsMs: number;
  private readonly logger = new Logger('Database');
  private readonly replicas: ReadReplica[];
  private readonly history: WalHistory;
  private readonly primaryProbe: ReplicaProbe;
  private readonly recent?: RecentWrites;
  /** When the last complete round began (its primary sample); 0 before the first. */
  private checkedAt = 0;
  private next = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private primaryReadable = true;

  constructor(
    private readonly primary: DataSource,
    @Inject(REPLICA_ROUTER_OPTIONS) private readonly options: ReplicaRouterOptions,
  ) {
    this.enabled = options.urls.length > 0;
    this.freshReadsMs = options.maxLagMs + 2 * STALE_AFTER_MS;
    this.history = new WalHistory(options.maxLagMs + this.freshReadsMs);
    this.primaryProbe = new ReplicaProbe(options.primaryUrl);
    this.replicas = options.urls.map(
      (url, i) => new ReadReplica(`replica-${i + 1}`, url, primary, this.logger),
    );
    if (this.enabled) {
      this.recent = options.redisUrl
        ? new (redisRecentWrites())(options.redisUrl)
        : new MemoryRecentWrites();
    }
  }

  /** The EntityManager for a request's reads: a usable replica's, or the primary's. */
  async readManager(reader: string | undefined): Promise<EntityManager> {
    const replica = this.pick();
    if (!replica) return this.primary.manager;
    if (reader !== undefined && (await this.wroteLately(reader))) return this.primary.manager;
    return replica.dataSource.manager;
  }

  /** The request's reader as the recent-writes store keys it; undefined for anonymous requests. */
  readerOf(request: unknown): string | undefined {
    const reader = this.options.readerOf?.(request);
    return reader === undefined ? undefined : String(reader);
  }

  /** These readers just committed a write: their reads go to the primary for `freshReadsMs`. */
  async recordWrites(readers: Iterable<string>): Promise<void> {
    const store = this.recent;
    if (!store) return;
    await Promise.all(
      [...readers].map((reader) =>
        store.record(reader, this.freshReadsMs).catch((error: Error) => {
          // Their next reads still go to the primary: has() fails the same way while Redis is away.
          this.logger.warn(`Could not record a recent write (${error.message})`);
        }),
      ),
    );
  }

  /** Each replica's state and lag: for /health/ready, and a gauge for metrics. */
  states(): ReplicaState[] {
    return this.replicas.map((replica) => replica.state);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await Promise.all(this.replicas.map((replica) => replica.open()));
    await this.check();
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.replicas.map((replica) => replica.close()));
    await this.primaryProbe.close();
    await this.recent?.close();
  }

  /** The next usable replica, round robin; none when the last round is too old to trust. */
  private pick(): ReadReplica | undefined {
    if (Date.now() - this.checkedAt > STALE_AFTER_MS) return undefined;
    const count = this.replicas.length;
    for (let tried = 0; tried < count; tried++) {
      const replica = this.replicas[this.next++ % count];
      if (replica.usable) return replica;
    }
    return undefined;
  }

  private async wroteLately(reader: string): Promise<boolean> {
    if (!this.recent) return false;
    try {
      return await this.recent.has(reader);
    } catch {
      // Unknown: the primary is always fresh.
      return true;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => void this.check().finally(() => this.schedule()),
      CHECK_INTERVAL_MS,
    );
    this.timer.unref();
  }

  /**
   * One round: the primary's position first, then every replica against it. Without the primary's
   * position no lag can be measured: the round does not count, and replicas go unused once it is stale.
   */
  private async check(): Promise<void> {
    const startedAt = Date.now();
    try {
      const { lsn } = await this.primaryProbe.query<{ lsn: string }>(
        'SELECT pg_current_wal_lsn()::text AS lsn',
      );
      this.history.record(startedAt, parseLsn(lsn));
      this.primaryReadable = true;
    } catch (error) {
      if (this.primaryReadable) {
        this.logger.warn(
          `The replica monitor cannot read the primary's WAL position (${(error as Error).message}): ` +
            'replicas are not used until it can',
        );
      }
      this.primaryReadable = false;
      return;
    }
    await Promise.all(
      this.replicas.map((replica) => replica.check(this.history, this.options.maxLagMs)),
    );
    this.checkedAt = startedAt;
  }
}

/** Required only with replicas and REDIS_URL: ioredis adds ~15 MB to every process that loads it. */
function redisRecentWrites(): typeof RedisRecentWrites {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./redis-recent-writes') as typeof import('./redis-recent-writes'))
    .RedisRecentWrites;
}
