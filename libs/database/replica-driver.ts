import * as pg from 'pg';
import type { PoolClient, QueryResult } from 'pg';

/** Where a replica's reads go when the replica cannot serve them. */
export interface ReplicaFallback {
  /** The primary's pool. */
  primary(): pg.Pool;
  /** Called for each read that fell back, with why (the replica is down, restarting, in conflict). */
  failed(error: unknown): void;
}

type Release = (error?: unknown) => void;
type ConnectCallback = (
  error: Error | undefined,
  client: PoolClient | undefined,
  release: Release,
) => void;

const FALLS_BACK = Symbol('folio.replicaClient');
const TRANSACTION_START = /^\s*(START\s+TRANSACTION|BEGIN)\b/i;
const TRANSACTION_END = /^\s*(COMMIT|END|ROLLBACK)\s*;?\s*$/i;
// SQLSTATEs of a replica that cannot answer now: shutting down or starting (57P0x), connection
// trouble (08xxx), a statement cancelled by a recovery conflict (40001, 40P01) or a replayed DROP DATABASE.
const REPLICA_TROUBLE = new Set(['57P01', '57P02', '57P03', '57P04', '40001', '40P01']);
const SOCKET_TROUBLE =
  /connection terminated|not queryable|ECONNRESET|EPIPE|ECONNREFUSED|ETIMEDOUT/i;

/** True when a read failed because of the replica, not because of the statement. */
export function isReplicaTrouble(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (REPLICA_TROUBLE.has(code) || code.startsWith('08'))) return true;
  return SOCKET_TROUBLE.test(`${typeof code === 'string' ? code : ''} ${String(message)}`);
}

/** pg's "timeout exceeded when trying to connect": also what a busy pool says after a long wait. */
function isPoolTimeout(error: unknown): boolean {
  return String((error as { message?: unknown })?.message).includes('timeout exceeded');
}

/**
 * The `pg` module as TypeORM loads it for a replica's DataSource (its `driver` option), except that its
 * pools fall back to the primary: a connection the replica refuses is borrowed from the primary's pool,
 * and a statement that fails because the replica went away is run again on the primary. A standby
 * cannot write, so running a statement again elsewhere repeats no effect; only a statement inside a
 * transaction on the replica is not retried (the transaction's earlier reads were on the replica).
 * Requests routed to a replica the monitor has not yet seen fail therefore still get their answer.
 */
export function replicaDriver(fallback: ReplicaFallback): typeof pg {
  class ReplicaPool extends pg.Pool {
    override connect(): Promise<PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<PoolClient> | void {
      if (!callback) {
        return new Promise((resolve, reject) =>
          this.connect((error, client) => (error ? reject(error) : resolve(client!))),
        );
      }
      super.connect((error, client, release) => {
        if (!error && client) {
          callback(undefined, fallingBack(client, fallback), release);
          return;
        }
        if (!isPoolTimeout(error)) fallback.failed(error);
        fallback.primary().connect(callback);
      });
    }
  }
  return { ...pg, Pool: ReplicaPool };
}

/** A statement's text: a string, or a prepared statement's `{ name, text }` (sql-row's driverQuery). */
function statementText(statement: unknown): string | undefined {
  if (typeof statement === 'string') return statement;
  const named = statement as { name?: unknown; text?: unknown } | null;
  return typeof named === 'object' &&
    named !== null &&
    typeof named.name === 'string' &&
    typeof named.text === 'string' &&
    !('submit' in named)
    ? named.text
    : undefined;
}

/** Wraps a replica client's `query` (once: pooled clients come back) with the fallback. */
function fallingBack(client: PoolClient, fallback: ReplicaFallback): PoolClient {
  const marked = client as PoolClient & { [FALLS_BACK]?: true };
  if (marked[FALLS_BACK]) return client;
  marked[FALLS_BACK] = true;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let inTransaction = false;
  const wrapped = (...args: unknown[]): unknown => {
    const [statement, values] = args;
    // TypeORM's form, (text or { name, text }, values) → promise; streams and callbacks go through untouched.
    const text = statementText(statement);
    if (text === undefined || args.length > 2 || typeof values === 'function') {
      return query(...args);
    }
    if (TRANSACTION_START.test(text)) inTransaction = true;
    else if (TRANSACTION_END.test(text)) inTransaction = false;
    const running = query(statement, values) as Promise<QueryResult>;
    if (inTransaction) return running;
    return running.catch(async (error: unknown) => {
      if (!isReplicaTrouble(error)) throw error;
      fallback.failed(error);
      const primary = await fallback.primary().connect();
      try {
        const result = await primary.query(statement as string, values as unknown[]);
        primary.release();
        return result;
      } catch (retryError) {
        // A broken connection must leave the pool; one that refused the statement may go back.
        primary.release(isReplicaTrouble(retryError) ? (retryError as Error) : undefined);
        throw retryError;
      }
    });
  };
  (client as { query: unknown }).query = wrapped;
  return client;
}
