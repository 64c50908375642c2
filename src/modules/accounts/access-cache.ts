import { Injectable } from '@nestjs/common';
import {
  DatabaseNotifications,
  WatchedChannel,
} from '../../../libs/database/database-notifications';
import { DatabaseSession } from '../../../libs/database/database-session';
import type { User } from './user.entity';

/** Notified at commit by the triggers of migration AccessNotify. */
export const ACCESS_CHANNEL = 'folio_access';

/** What the guard needs of a token and its user. */
export interface TokenWithUser {
  id: number;
  expiresAt: Date;
  lastUsedAt: Date | null;
  user: Pick<User, 'id' | 'username' | 'email' | 'isActive' | 'role' | 'isVerified'>;
}

/** Tokens kept at most; the one used least recently goes first. */
const MAX_KEPT = 10_000;
/**
 * No token is kept longer: a backstop should notifications stop arriving on a connection that still
 * looks open (a listener behind a pooler that answers its probe by chance, a socket dead without a reset
 * that TCP keepalive has not yet noticed).
 */
const MAX_AGE_MS = 60_000;

interface Kept {
  token: TokenWithUser;
  readAt: number;
}

/**
 * The tokens the guard has read, with their users, kept in memory: every authenticated request asks,
 * and what the guard needs changes seldom. Everything kept is dropped
 * - on this instance, as soon as a change made here commits (the repositories call `changed()`), before
 *   the request that made it answers: a revoked token is refused at once by the instance that revoked it;
 * - on every instance, when the change's notification arrives (the triggers of migration AccessNotify
 *   notify `folio_access` at commit whatever wrote it: another instance, the CLI, plain SQL). Until then,
 *   milliseconds, another instance may still accept a token revoked there.
 * None is kept longer than MAX_AGE_MS. While this process is not listening, nothing is kept and every
 * request reads the database. Expiry is checked on every request, from what is kept.
 *
 * Sound because `load` reads the primary in a statement of its own (the guard runs before a request's
 * transaction and its replica choice): a change committed before the read is seen by it, and one
 * committed after moves the epoch, so what was read is either current or never used again.
 */
@Injectable()
export class AccessCache {
  private channel?: WatchedChannel;
  /** Changes committed by this process, beside the channel's notifications. */
  private localChanges = 0;
  private keptAt?: number;
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly notifications: DatabaseNotifications,
    private readonly session: DatabaseSession,
  ) {}

  /**
   * What moves on every change that may revoke a kept token, or undefined while this process cannot
   * hear of such changes (nothing may be kept then).
   */
  epoch(): number | undefined {
    // Watched from the first request on: a process that authenticates nobody opens no connection.
    const channel = (this.channel ??= this.notifications.watch(ACCESS_CHANNEL));
    return channel.live ? channel.version + this.localChanges : undefined;
  }

  /** The token with its user: kept, or read by `load` and kept if nothing changed while it was read. */
  async find(
    tokenHash: string,
    load: () => Promise<TokenWithUser | null>,
  ): Promise<TokenWithUser | null> {
    const epoch = this.epoch();
    if (epoch !== this.keptAt) {
      this.kept.clear();
      this.keptAt = epoch;
    }
    if (epoch === undefined) return load();
    const kept = this.kept.get(tokenHash);
    this.kept.delete(tokenHash);
    if (kept && Date.now() - kept.readAt < MAX_AGE_MS) {
      // Put back last: the Map's order is the order of use, the least recent first.
      this.kept.set(tokenHash, kept);
      return kept.token;
    }
    const readAt = Date.now();
    const found = await load();
    if (found?.user.isActive && this.epoch() === epoch) {
      if (this.kept.size >= MAX_KEPT) this.kept.delete(this.kept.keys().next().value as string);
      this.kept.set(tokenHash, { token: found, readAt });
    }
    return found;
  }

  /**
   * A token or a user's access (active, role, verified, name, email) changed in the current unit of
   * work: everything kept is dropped once it commits (at once outside one, the write being done).
   */
  changed(): void {
    this.session.afterCommit(() => this.localChanges++);
  }

  /** `write`'s result, once it is done, with `changed()` called: for writes that always change access. */
  async changedBy<T>(write: Promise<T>): Promise<T> {
    const result = await write;
    this.changed();
    return result;
  }
}
