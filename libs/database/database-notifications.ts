import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, Notification } from 'pg';
import { DataSource } from 'typeorm';

export const DATABASE_NOTIFICATIONS_OPTIONS = Symbol('folio.databaseNotificationsOptions');

export interface DatabaseNotificationsOptions {
  /** The primary's URL: notifications are sent by the transactions that commit there. */
  url: string;
  /** The wait before a lost connection is opened again; doubled after each failure, to 30 s. */
  retryMs?: number;
}

/**
 * What a module knows of a channel: `live` while this process listens on it, and a `version` that
 * moves on every notification and every time listening starts or stops. Something kept in memory from
 * the database is still current while `live` holds and the version it was read at is the current one.
 */
export interface WatchedChannel {
  readonly live: boolean;
  readonly version: number;
}

class Channel implements WatchedChannel {
  live = false;
  version = 0;

  constructor(readonly name: string) {}

  moved(live: boolean): void {
    this.live = live;
    this.version++;
  }
}

interface Sending {
  again: boolean;
  /** Set as the loop starts; onApplicationShutdown waits for it. */
  done?: Promise<void>;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]*$/;
const MAX_RETRY_MS = 30_000;
/** Each connection notifies itself here once, to know that notifications reach it. */
const PROBE_CHANNEL = 'folio_notifications_probe';
const PROBE_TIMEOUT_MS = 2000;
/** The least time between two NOTIFYs on one channel from one instance. */
const NOTIFY_SPACING_MS = 10;

/**
 * PostgreSQL's LISTEN/NOTIFY for in-process caches: one connection of its own to the primary (beside
 * the pool; application_name `folio-notifications`), opened when a module first watches a channel.
 * A change reaches every instance by `notify()` after it commits, or, for tables written seldom, by a
 * trigger that sends `pg_notify(channel, '')` in the writing transaction (delivered at commit). While
 * the connection is down nothing is `live`, so caches read the database instead, and the connection is
 * opened again with a growing wait. Written here rather than taken from a library: the ones that exist
 * wrap the same few pg calls and are no longer maintained.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger('DatabaseNotifications');
  private readonly channels = new Map<string, Channel>();
  /** The open connection, once connected; listening on every channel (or about to). */
  private client?: Client;
  private readonly broken = new WeakSet<Client>();
  private down = false;
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private retryMs: number;
  private closed = false;

  /** Per channel while a NOTIFY is being sent: whether another must follow it, and the sending loop. */
  private readonly sending = new Map<string, Sending>();

  constructor(
    @Inject(DATABASE_NOTIFICATIONS_OPTIONS) private readonly options: DatabaseNotificationsOptions,
    private readonly dataSource: DataSource,
  ) {
    this.retryMs = options.retryMs ?? 1000;
  }

  /**
   * Tells every instance (this one too) that `channel` changed, after the fact: a NOTIFY of its own,
   * sent on the listening connection while it is open (no pooled connection taken), else on the pool.
   * At most one in flight per channel, and the next one no sooner than NOTIFY_SPACING_MS after the last
   * began: calls meanwhile are told in that one. Under a steady stream of writes an instance sends a
   * hundred a second, not one a write, and the others hear of a write at most that much later.
   * Not from inside the writing transaction: PostgreSQL takes one lock for all notifying transactions
   * and holds it until each has flushed its commit, so writers that notify would commit one at a time
   * (no group commit). Unmeasurable on the development machine, whose flushes are fast (32 writers,
   * ~3,000 inserts a second with or without a NOTIFY each), but a disk whose flush takes milliseconds
   * would cap them at a few hundred a second.
   */
  notify(channel: string): void {
    const sending = this.sending.get(channel);
    if (sending) {
      sending.again = true;
      return;
    }
    const state: Sending = { again: false };
    this.sending.set(channel, state);
    state.done = (async () => {
      do {
        state.again = false;
        const began = Date.now();
        try {
          await this.sendNotify(channel);
        } catch (error) {
          this.logger.warn(`Notifying ${channel} failed: ${(error as Error).message}`);
        }
        // At shutdown the last one goes at once (onApplicationShutdown waits for it).
        const wait = this.closed ? 0 : began + NOTIFY_SPACING_MS - Date.now();
        if (state.again && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } while (state.again);
      this.sending.delete(channel);
    })();
  }

  private async sendNotify(channel: string): Promise<void> {
    const text = 'SELECT pg_notify($1, $2)';
    const client = this.client;
    if (client) {
      try {
        await client.query(text, [channel, '']);
        return;
      } catch {
        // The listening connection broke mid-send: its 'error' event logs that and opens it again; the
        // notification still goes, through the pool (a second one, if the first did go, is harmless).
      }
    }
    await this.dataSource.query(text, [channel, '']);
  }

  /** Starts listening on `channel` (a lower-case SQL identifier); the same object for the same name. */
  watch(channel: string): WatchedChannel {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
    let watched = this.channels.get(channel);
    if (!watched) {
      watched = new Channel(channel);
      this.channels.set(channel, watched);
      if (this.client) void this.listen(this.client, watched);
      else this.connect();
    }
    return watched;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    // The writes committed last are still told to the other instances.
    await Promise.all([...this.sending.values()].map((state) => state.done ?? Promise.resolve()));
    await this.connecting;
    const client = this.client;
    this.lost();
    await client?.end().catch(() => undefined /* already gone */);
  }

  private connect(): void {
    if (this.closed || this.connecting || this.client) return;
    this.connecting = this.open().finally(() => (this.connecting = undefined));
  }

  private async open(): Promise<void> {
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'folio-notifications',
      // A connection that died without a reset (a failover, an idle timeout on the way) is noticed.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Only the connection in use counts: one still being probed, or already given up, makes nothing
    // live (open() moves every channel once this one is in use).
    client.on('notification', ({ channel }) => {
      if (this.client === client) this.channels.get(channel)?.moved(true);
    });
    client.on('error', (error) => this.failed(client, error));
    client.on('end', () => this.failed(client, new Error('connection ended')));
    const listened = new Set<string>();
    try {
      await client.connect();
      for (const name of [PROBE_CHANNEL, ...this.channels.keys()]) {
        await client.query(`LISTEN ${name}`);
        listened.add(name);
      }
      if (!(await this.heardBack(client))) {
        this.unusable(client);
        return;
      }
    } catch (error) {
      this.failed(client, error as Error);
      return;
    }
    this.client = client;
    // A channel watched from here on is listened to by watch() itself.
    for (const channel of this.channels.values()) {
      if (listened.has(channel.name)) channel.moved(true);
      else await this.listen(client, channel);
    }
    this.retryMs = this.options.retryMs ?? 1000;
    if (this.down) this.logger.log('Listening for changes again');
    this.down = false;
  }

  private async listen(client: Client, channel: Channel): Promise<void> {
    try {
      await client.query(`LISTEN ${channel.name}`);
      if (this.client === client) channel.moved(true);
    } catch (error) {
      this.failed(client, error as Error);
    }
  }

  /**
   * Whether a notification sent on this connection comes back to it. Behind a pooler in transaction
   * mode (PgBouncer's `pool_mode = transaction`) LISTEN succeeds on whichever server connection served
   * it, and notifications go there: the caches would never hear of a change.
   */
  private heardBack(client: Client): Promise<boolean> {
    const token = randomUUID();
    return new Promise((resolve) => {
      const heard = (message: Notification) => {
        if (message.channel !== PROBE_CHANNEL || message.payload !== token) return;
        clearTimeout(timer);
        client.off('notification', heard);
        resolve(true);
      };
      const timer = setTimeout(() => {
        client.off('notification', heard);
        resolve(false);
      }, PROBE_TIMEOUT_MS);
      client.on('notification', heard);
      // A failure here also breaks the connection: its 'error' event reports it.
      client.query('SELECT pg_notify($1, $2)', [PROBE_CHANNEL, token]).catch(() => undefined);
    });
  }

  /** The connection works but notifications do not come back: no cache is ever live, no retry. */
  private unusable(client: Client): void {
    this.broken.add(client);
    this.logger.warn(
      'Notifications do not come back on this connection (a pooler in transaction mode?): caches ' +
        'read the database every time. Point DATABASE_URL at PostgreSQL itself to keep them.',
    );
    void client.end().catch(() => undefined /* closing anyway */);
  }

  /** The connection broke (or never opened): nothing is live until it is open again. */
  private failed(client: Client, error: Error): void {
    if (this.closed || this.broken.has(client)) return;
    this.broken.add(client);
    if (!this.down) {
      this.logger.warn(
        `Listening for changes stopped (${error.message}); caches read the database until it is back`,
      );
    }
    this.down = true;
    if (this.client === client) this.lost();
    void client.end().catch(() => undefined /* the socket is already gone */);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }

  private lost(): void {
    this.client = undefined;
    for (const channel of this.channels.values()) if (channel.live) channel.moved(false);
  }
}
