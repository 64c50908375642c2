import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource, EntityManager } from 'typeorm';
import { ReplicaRouter } from './replica-router';
import { UnitOfWork } from './unit-of-work';

export const UNIT_OF_WORK = Symbol('folio.unitOfWork');
const REPLICA_READS = Symbol('folio.replicaReads');

/** A reading request's server: chosen at its first query, kept for the rest (one consistent view). */
interface ReplicaReads {
  reader?: string;
  manager?: Promise<EntityManager>;
}

/**
 * The database session of the current request or job.
 *
 * A singleton: the per-request part lives in AsyncLocalStorage (nestjs-cls), so services and
 * controllers stay singletons. A writing request's unit of work is kept in a context nested in the
 * request's own (RequestTransactionInterceptor; the app's request logging opens that one for every
 * request). Inside a unit of work (a writing request, or `transaction()`), every caller gets the same
 * transactional EntityManager; elsewhere, the pool's. With read replicas configured, reading requests
 * keep their replica in a nested context too (`withReplicaReads`), and their reads may go to a replica.
 */
@Injectable()
export class DatabaseSession {
  private readonly commitListeners: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly cls: ClsService,
    private readonly replicas: ReplicaRouter,
  ) {}

  /** The EntityManager to run queries with right now. */
  async manager(): Promise<EntityManager> {
    const unit = this.currentUnit();
    if (unit) return unit.manager();
    if (!this.replicas.enabled) return this.dataSource.manager;
    const reads = this.replicaReads();
    if (!reads) return this.dataSource.manager;
    reads.manager ??= this.replicas.readManager(reads.reader);
    return reads.manager;
  }

  /**
   * Runs a reading request's `work` (a GET outside any unit of work) so that its reads may go to a read
   * replica: the one place that decides which reads need no fresh view. `reader` is who reads (the
   * signed-in user), whose reads go to the primary for a while after their writes.
   */
  withReplicaReads<T>(reader: string | undefined, work: () => T): T {
    return this.cls.run(() => {
      this.cls.set<ReplicaReads>(REPLICA_READS, { reader });
      return work();
    });
  }

  /**
   * The current unit of work writes on behalf of `reader` although the request is not theirs yet (a
   * sign-up or sign-in issuing their token): once it commits, their reads see it, as a signed-in
   * writer's do. Nothing to do without read replicas.
   */
  freshReadsFor(reader: string | number): void {
    if (this.replicas.enabled) this.currentUnit()?.readers.add(String(reader));
  }

  /**
   * Calls `listener` in this process each time a unit of work that wrote commits, before its request
   * answers: for in-memory copies of the data (AnswerCache), which other instances learn of by NOTIFY.
   */
  onCommit(listener: () => void): void {
    this.commitListeners.push(listener);
  }

  /**
   * After a unit of work committed: the commit listeners run; its readers' reads go to the primary for
   * a while.
   */
  async committed(unit: UnitOfWork): Promise<void> {
    if (!unit.opened) return;
    for (const listener of this.commitListeners) listener();
    if (!this.replicas.enabled) return;
    const reads = this.replicaReads();
    if (reads) {
      // A reading request that wrote (a transaction of its own) reads its write from here on.
      reads.manager = Promise.resolve(this.dataSource.manager);
      if (reads.reader !== undefined) unit.readers.add(reads.reader);
    }
    await this.replicas.recordWrites(unit.readers);
  }

  /**
   * Runs `work` on the pool even inside a unit of work: for reads that need no transactional view and
   * precede slow work (a login reads the user, then spends ~50 ms in argon2 holding no connection).
   */
  outsideTransaction<T>(work: () => Promise<T>): Promise<T> {
    if (!this.cls.isActive()) return work();
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(UNIT_OF_WORK, undefined);
      return work();
    });
  }

  /**
   * The current unit of work's transaction, opening it if it is not open yet; undefined outside one.
   * For work that must commit or roll back with the unit's data on the same connection (a job).
   */
  async currentTransaction(): Promise<EntityManager | undefined> {
    return this.currentUnit()?.manager();
  }

  /**
   * Runs `work`, one statement that is the current unit of work's last (UnitOfWork.last): a unit whose
   * only statement it is then costs one round trip, COMMIT included, if `alone()` holds once its
   * connection is taken. Outside a unit, just `work`.
   */
  last<T>(work: () => Promise<T>, alone?: () => boolean): Promise<T> {
    const unit = this.currentUnit();
    return unit ? unit.last(work, alone) : work();
  }

  /** Whether the current unit of work's one statement was sent alone (`last`). */
  get ranAlone(): boolean {
    return this.currentUnit()?.ranAlone ?? false;
  }

  /** Runs `work` once the current unit of work commits (at once outside one); never after a rollback. */
  afterCommit(work: () => unknown): void {
    const unit = this.currentUnit();
    if (unit) unit.afterCommit(work);
    else work();
  }

  /**
   * Runs `work` in a transaction: committed when it resolves, rolled back when it throws. Inside an
   * open unit of work (a writing request, an outer `transaction()`), it joins that one instead.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.currentUnit();
    if (current) return work(await current.manager());
    const unit = new UnitOfWork(this.dataSource);
    return this.cls.run({ ifNested: 'inherit' }, async () => {
      this.cls.set(UNIT_OF_WORK, unit);
      try {
        const result = await work(await unit.manager());
        await unit.commit();
        await this.committed(unit);
        return result;
      } catch (error) {
        await unit.rollback();
        throw error;
      } finally {
        this.cls.set(UNIT_OF_WORK, undefined);
        await unit.release();
      }
    });
  }

  /**
   * Runs `work` in a new context with a unit of work of its own, which `work` commits or rolls back:
   * everything `work` starts, synchronously or not, sees that unit.
   */
  withUnit<T>(work: (unit: UnitOfWork) => T): T {
    return this.cls.run(() => {
      const unit = new UnitOfWork(this.dataSource);
      this.cls.set(UNIT_OF_WORK, unit);
      return work(unit);
    });
  }

  private replicaReads(): ReplicaReads | undefined {
    return this.cls.isActive() ? this.cls.get<ReplicaReads | undefined>(REPLICA_READS) : undefined;
  }

  private currentUnit(): UnitOfWork | undefined {
    return this.cls.isActive() ? this.cls.get<UnitOfWork | undefined>(UNIT_OF_WORK) : undefined;
  }
}
