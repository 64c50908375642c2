import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/**
 * One transaction on one pooled connection, opened on first use: a request that never touches the
 * database never takes a connection, and one that only hashes a password first holds none while it does.
 */
export class UnitOfWork {
  private runner?: QueryRunner;
  private opening?: Promise<EntityManager>;
  private finished = false;

  constructor(private readonly dataSource: DataSource) {}

  get started(): boolean {
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

  async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (!this.opening) return;
    await this.opening;
    await this.runner?.commitTransaction();
  }

  async rollback(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    if (!this.opening) return;
    try {
      await this.opening;
      if (this.runner?.isTransactionActive) await this.runner.rollbackTransaction();
    } catch {
      // The connection is already gone; PostgreSQL rolls back what it held.
    }
  }

  async release(): Promise<void> {
    this.finished = true;
    const runner = this.runner;
    this.runner = undefined;
    if (runner && !runner.isReleased) await runner.release();
  }

  private async open(): Promise<EntityManager> {
    const runner = this.dataSource.createQueryRunner();
    this.runner = runner;
    await runner.connect();
    await runner.startTransaction();
    return runner.manager;
  }
}
