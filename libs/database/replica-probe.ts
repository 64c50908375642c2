import { Client } from 'pg';

/** A probe's connect and query timeout: a replica slower than this to say its position is skipped. */
export const PROBE_TIMEOUT_MS = 500;

/**
 * One connection of the replica monitor's own, kept open between checks: a check never waits for a
 * pool that requests hold, and a server that went away costs at most PROBE_TIMEOUT_MS to notice.
 */
export class ReplicaProbe {
  private client?: Promise<Client>;
  private closed = false;

  constructor(private readonly url: string) {}

  async query<T>(text: string): Promise<T> {
    // A check still running at shutdown must not open a connection that nobody would close.
    if (this.closed) throw new Error('the replica monitor has stopped');
    const pending = (this.client ??= this.open());
    try {
      const client = await pending;
      return (await client.query(text)).rows[0] as T;
    } catch (error) {
      this.drop(pending);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pending = this.client;
    this.client = undefined;
    await pending?.then((client) => client.end()).catch(() => undefined);
  }

  private open(): Promise<Client> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: PROBE_TIMEOUT_MS,
      query_timeout: PROBE_TIMEOUT_MS,
      application_name: 'folio-replica-monitor',
    });
    const pending = client.connect().then(() => client);
    // A server that goes away errors the idle client; the next check reconnects.
    client.on('error', () => this.drop(pending));
    return pending;
  }

  private drop(pending: Promise<Client>): void {
    if (this.client === pending) this.client = undefined;
    void pending.then((client) => client.end()).catch(() => undefined);
  }
}
