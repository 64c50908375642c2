import type { PoolClient } from 'pg';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { DeferredBeginClient } from './deferred-begin-client';

/**
 * One transaction on one pooled connection, opened on first use: a request that never touches the
 * database never takes a connection, and one that only hashes a password first holds none while it does.
 */
export class UnitOfWork {
  private runner?: QueryRunner;
  /** The runner's pooled connection, once taken. */
  private client?: unknown;
  private opening?: Promise<EntityManager>;
  private finished = false;
  private readonly afterCommitWork: (() => unknown)[] = [];
  /** Who this unit writes for, whose next reads must see it (read replicas; see DatabaseSession). */
  readonly readers = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  /** Whether it took a connection (ran a statement); one that did not wrote nothing. */
  get opened(): boolean {
    return this.opening !== undefined;
  }

  manager(): Promise<EntityManager> {
    if (this.finished) {
      return Promise.reject(
        new Error('This unit of work has already been committed or rolled back'),
      );
    }
    this.opening ??= this.open();
    return this.opening;
  }

  /**
   * Runs `work`, one statement that is this unit's last. When it is also the first, and `alone()` still
   * holds once the connection is taken (asked then, not before the wait for it), it runs alone and
   * PostgreSQL commits it as it ends: the unit's COMMIT costs no round trip (DeferredBeginClient).
   * Then nothing in `work` nor after it may fail the request, since the write cannot be rolled back, and
   * a second statement fails. After earlier statements, `work` just runs in the transaction.
   */
  async last<T>(work: () => Promise<T>, alone: () => boolean = () => true): Promise<T> {
    await this.manager();
    const client = this.client instanceof DeferredBeginClient && alone() ? this.client : undefined;
    client?.endWithNext();
    try {
      return await work();
    } finally {
      // A `work` that ran no statement leaves the next one, whatever it is, in the transaction (on
      // this unit's connection only: a released one may serve another request already).
      if (client && this.client === client) client.keepTransaction();
    }
  }

  /** Whether its one statement was sent alone (`last`): once it succeeded, it is committed. */
  get ranAlone(): boolean {
    return this.client instanceof DeferredBeginClient && this.client.ranAlone;
  }

  /** Work for once the data is stored (mail that links to a new token): dropped on rollback. */
  afterCommit(work: () => unknown): void {
    this.afterCommitWork.push(work);
  }

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (this.opening) {
      await this.opening;
      await this.runner?.commitTransaction();
    }
    for (const work of this.afterCommitWork.splice(0)) work();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.afterCommitWork.length = 0;
    if (!this.opening) return;
    try {
      await this.opening;
      if (this.runner?.isTransactionActive) await this.runner.rollbackTransaction();
    } catch {
      // The connection is broken; release() below makes the pool discard it.
    }
  }

  async release(): Promise<void> {
    this.finished = true;
    this.afterCommitWork.length = 0;
    const runner = this.runner;
    this.runner = undefined;
    this.client = undefined;
    if (!runner || runner.isReleased) return;
    // TypeORM's release does not roll back: a connection still in a transaction (a handler that never
    // answered, a failed rollback) must not go back to the pool, where the next request would join it.
    if (runner.isTransactionActive) {
      try {
        await runner.rollbackTransaction();
      } catch {
        // The rollback failed: end the connection (pg's public Client.end), so that the pool, which
        // never reuses an ended client, drops it on release instead of handing its transaction on.
        const client = (await runner.connect()) as PoolClient;
        await client.end().catch(() => undefined /* ending a dead socket: nothing left to close */);
      }
    }
    await runner.release();
  }

  private async open(): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    this.client = await runner.connect();
    await runner.startTransaction();
    return runner.manager;
  }
}
