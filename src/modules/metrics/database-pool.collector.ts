import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { TRANSACTION_CONFLICTS } from '../../../libs/database/database-errors';
import { primaryPool } from '../../../libs/database/statements-in-flight';
import { TransactionRetries } from '../../../libs/database/transaction-retries';

/**
 * The connection pool's use, read from pg's counters when Prometheus scrapes: nothing per query.
 * Waiting requests above zero mean the pool (DATABASE_POOL_SIZE) is the bottleneck. Beside it, the
 * writes run again after a deadlock or a serialization failure.
 */
@Injectable()
export class DatabasePoolCollector {
  constructor(registry: Registry, dataSource: DataSource, retries: TransactionRetries) {
    const gauge = (name: string, help: string, read: (pool: Pool) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers: [registry],
        collect() {
          const pool = primaryPool(dataSource);
          const value = pool && read(pool);
          // Labelled, so that the pools of read replicas can be reported beside it.
          if (value !== undefined) this.set({ pool: 'primary' }, value);
        },
      });
    gauge(
      'folio_db_pool_connections',
      'Connections open in the pool, idle or lent out',
      (pool) => pool.totalCount,
    );
    gauge(
      'folio_db_pool_idle_connections',
      'Open connections nobody uses',
      (pool) => pool.idleCount,
    );
    gauge(
      'folio_db_pool_waiting_requests',
      'Queries waiting for a connection because all are lent out',
      (pool) => pool.waitingCount,
    );
    gauge(
      'folio_db_pool_max_connections',
      'The most connections the pool opens',
      (pool) => pool.options.max,
    );
    new Counter({
      name: 'folio_db_transaction_retries_total',
      help: 'Writing requests run again because PostgreSQL ended their transaction (a deadlock, a serialization failure)',
      labelNames: ['reason'],
      registers: [registry],
      collect() {
        this.reset();
        // Every reason, at 0 until it happens: a rate over a missing series is no rate at all.
        for (const reason of TRANSACTION_CONFLICTS) {
          this.inc({ reason }, retries.byConflict().get(reason) ?? 0);
        }
      },
    });
  }
}
