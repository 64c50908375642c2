import { Injectable } from '@nestjs/common';
import type { TransactionConflict } from './database-errors';

/**
 * How many writing requests ran again because PostgreSQL ended their transaction for a conflict, by
 * conflict: a few are normal under load; a steady rise points at two writes that take rows in
 * different orders.
 */
@Injectable()
export class TransactionRetries {
  private readonly counts = new Map<TransactionConflict, number>();

  record(conflict: TransactionConflict): void {
    this.counts.set(conflict, (this.counts.get(conflict) ?? 0) + 1);
  }

  byConflict(): ReadonlyMap<TransactionConflict, number> {
    return this.counts;
  }
}
