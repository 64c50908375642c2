import { DatabaseNotifications, WatchedChannel } from './database-notifications';

/**
 * Something read from the database and kept in memory while a channel says it is current: the kept
 * copy is read again after any notification on the channel (a trigger's, at commit, from any
 * instance), and not kept at all while this process is not listening. For data every request asks
 * about and few change (which webhook endpoints take an event, whether the newsletter has readers).
 */
export class KeptCopy<T> {
  private watched?: WatchedChannel;
  private kept?: { version: number; value: T };

  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly channel: string,
    private readonly read: () => Promise<T>,
  ) {}

  /**
   * Whether this process listens on the channel. Watched from the first call on: a process that never
   * asks (the CLI) opens no connection.
   */
  get live(): boolean {
    this.watched ??= this.notifications.watch(this.channel);
    return this.watched.live;
  }

  /** The kept copy while it is current, else undefined (without a statement). */
  current(): T | undefined {
    const { watched, kept } = this;
    return watched?.live && kept?.version === watched.version ? kept.value : undefined;
  }

  /** The kept copy while current; else read, and kept when nothing changed while it was read. */
  async value(): Promise<T> {
    const current = this.current();
    if (current !== undefined) return current;
    const version = this.live ? this.watched?.version : undefined;
    const value = await this.read();
    if (version !== undefined && this.watched?.live && this.watched.version === version) {
      this.kept = { version, value };
    }
    return value;
  }
}
