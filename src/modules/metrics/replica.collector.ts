import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { ReplicaRouter } from '../../../libs/database/replica-router';

/**
 * Each read replica's lag and state (DATABASE_REPLICA_URLS), from the router's last check when
 * Prometheus scrapes: no query of its own. No series at all without replicas.
 */
@Injectable()
export class ReplicaCollector {
  constructor(registry: Registry, router: ReplicaRouter) {
    new Gauge({
      name: 'folio_db_replica_lag_seconds',
      help: 'How far the replica was behind the primary at its last check (absent while it is down)',
      labelNames: ['replica'],
      registers: [registry],
      collect() {
        this.reset();
        for (const state of router.states()) {
          if (state.lagMs !== null) this.set({ replica: state.name }, state.lagMs / 1000);
        }
      },
    });
    new Gauge({
      name: 'folio_db_replica_up',
      help: 'Whether the replica serves reads: 1 up, 0 lagging past DATABASE_REPLICA_MAX_LAG_MS or down',
      labelNames: ['replica', 'status'],
      registers: [registry],
      collect() {
        this.reset();
        for (const state of router.states()) {
          this.set({ replica: state.name, status: state.status }, state.status === 'up' ? 1 : 0);
        }
      },
    });
  }
}
