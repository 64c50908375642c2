import { Client, Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** The pg pool behind TypeORM's PostgreSQL driver (`driver.master`, typed `any` by TypeORM). */
export function primaryPool(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as unknown as { master?: Pool }).master;
}

/** The clients each pool has lent out, kept from the pool's own acquire and release events. */
const lent = new WeakMap<Pool, Set<PoolClient>>();

/** Starts keeping the clients a pool lends out, so that a shutdown can cancel their statements. */
export function trackLentClients(pool: Pool): void {
  if (lent.has(pool)) return;
  const clients = new Set<PoolClient>();
  lent.set(pool, clients);
  pool.on('acquire', (client) => clients.add(client));
  pool.on('release', (_error, client) => clients.delete(client));
  pool.on('remove', (client) => clients.delete(client));
}

/** The server process a client talks to (set by pg from the server's BackendKeyData; not in its types). */
function backendPid(client: PoolClient): number | undefined {
  const pid = (client as { processID?: unknown }).processID;
  return typeof pid === 'number' ? pid : undefined;
}

/**
 * Cancels the statements running on the pool's lent-out connections (`pg_cancel_backend`), over a
 * connection of its own: the pool may have none to spare. For a shutdown that has cut the requests
 * those statements serve: closing the pool does not stop them, and each would run on in PostgreSQL
 * after Folio has gone, holding its transaction's locks, until it ended (statement_timeout at the
 * most). Answers how many it cancelled.
 */
export async function cancelStatementsInFlight(dataSource: DataSource): Promise<number> {
  const pool = primaryPool(dataSource);
  const pids = [...((pool && lent.get(pool)) ?? [])].flatMap((client) => backendPid(client) ?? []);
  if (!pool || pids.length === 0) return 0;
  const client = new Client(pool.options);
  await client.connect();
  try {
    const { rows } = await client.query<{ cancelled: number }>(
      'SELECT count(*) FILTER (WHERE pg_cancel_backend(pid))::int AS cancelled FROM unnest($1::int[]) AS pid',
      [pids],
    );
    return rows[0].cancelled;
  } finally {
    await client.end();
  }
}
