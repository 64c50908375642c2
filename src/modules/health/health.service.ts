import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrationStatus, MigrationStatus } from '../../../libs/database/migration-status';
import type { ReplicaState } from '../../../libs/database/read-replica';
import { ReplicaRouter } from '../../../libs/database/replica-router';
import { JobQueue, QueueDepth } from '../../../libs/jobs/job-queue';
import { withTimeout } from '../../common/with-timeout';

const PROBE_TIMEOUT_MS = 2000;

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  migrations?: MigrationStatus;
  /** The background job queues: informative, never a reason to refuse traffic. */
  jobs?: { status: 'up' | 'down'; queues?: QueueDepth[] };
  /**
   * Read replicas (when configured), as the background monitor last saw them: informative too, since
   * reads skip a replica that is down or behind and go to the primary.
   */
  replicas?: ReplicaState[];
}

@Injectable()
export class HealthService {
  private readonly logger = new Logger('Health');

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    private readonly replicas: ReplicaRouter,
  ) {}

  /** True when PostgreSQL answers a query within 2 s; never waits longer. */
  async databaseConnected(): Promise<boolean> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      return true;
    } catch (error) {
      this.down('db-status', error);
      return false;
    }
  }

  async readiness(): Promise<Readiness> {
    try {
      const [migrations, jobs] = await Promise.all([
        withTimeout(migrationStatus(this.dataSource), PROBE_TIMEOUT_MS),
        this.queues(),
      ]);
      const ready = migrations.pending.length === 0;
      return { ready, database: 'up', migrations, jobs, ...this.replicaStates() };
    } catch (error) {
      this.down('readiness', error);
      return { ready: false, database: 'down', ...this.replicaStates() };
    }
  }

  private replicaStates(): Pick<Readiness, 'replicas'> {
    return this.replicas.enabled ? { replicas: this.replicas.states() } : {};
  }

  private async queues(): Promise<Readiness['jobs']> {
    try {
      return { status: 'up', queues: await withTimeout(this.jobs.depth(), PROBE_TIMEOUT_MS) };
    } catch (error) {
      this.logger.warn(`readiness: the job queue did not answer (${(error as Error).message})`);
      return { status: 'down' };
    }
  }

  /** A probe answers "down" for any failure; the log says which (a timeout, a refused connection, ...). */
  private down(probe: string, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(`${probe}: the database is down (${reason})`);
  }
}
