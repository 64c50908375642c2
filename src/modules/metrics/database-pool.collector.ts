import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { primaryPool } from '../../../libs/database/statements-in-flight';

/**
 * The connection pool's use, read from pg's counters when Prometheus scrapes: nothing per query.
 * Waiting requests above zero mean the pool (DATABASE_POOL_SIZE) is the bottleneck.
 */
@Injectable()
export class DatabasePoolCollector {
  constructor(registry: Registry, dataSource: DataSource) {
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
  }
}
