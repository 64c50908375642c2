import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { migrationStatus, MigrationStatus } from '../../../libs/database/migration-status';

const PROBE_TIMEOUT_MS = 2000;

export interface Readiness {
  ready: boolean;
  database: 'up' | 'down';
  migrations?: MigrationStatus;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  /** True when PostgreSQL answers a query within 2 s; never waits longer. */
  async databaseConnected(): Promise<boolean> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), PROBE_TIMEOUT_MS);
      return true;
    } catch {
      return false;
    }
  }

  async readiness(): Promise<Readiness> {
    try {
      const migrations = await withTimeout(migrationStatus(this.dataSource), PROBE_TIMEOUT_MS);
      return { ready: migrations.pending.length === 0, database: 'up', migrations };
    } catch {
      return { ready: false, database: 'down' };
    }
  }
}
