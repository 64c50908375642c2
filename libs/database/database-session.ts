import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { DataSource, EntityManager } from 'typeorm';
import { UnitOfWork } from './unit-of-work';

export const UNIT_OF_WORK = Symbol('folio.unitOfWork');

/**
 * The database session of the current request or job.
 *
 * A singleton: the per-request part lives in AsyncLocalStorage (nestjs-cls), so services and
 * controllers stay singletons. Only writing requests get a context (RequestTransactionInterceptor):
 * reads need none, and skip its cost. Inside a unit of work (a writing request, or `transaction()`), every
 * caller gets the same transactional EntityManager; elsewhere, the pool's.
 */
@Injectable()
export class DatabaseSession {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cls: ClsService,
  ) {}

  /** The EntityManager to run queries with right now. */
  async manager(): Promise<EntityManager> {
    const unit = this.currentUnit();
    return unit ? unit.manager() : this.dataSource.manager;
  }

  /** Whether a transaction is open (or will open on first use) for the current context. */
  get inTransaction(): boolean {
    return this.currentUnit() !== undefined;
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

  private currentUnit(): UnitOfWork | undefined {
    return this.cls.isActive() ? this.cls.get<UnitOfWork | undefined>(UNIT_OF_WORK) : undefined;
  }
}
