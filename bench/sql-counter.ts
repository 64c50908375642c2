import { AddressInfo, createConnection, createServer, Server, Socket } from 'node:net';

/**
 * Connections whose statements are not the requests' doing: the job queue's workers poll and maintain
 * on their own connections (`application_name` folio-jobs) whatever the requests do. Jobs a request
 * enqueues go through its own transaction, on the pool, and count.
 */
const BACKGROUND = new Set(['folio-jobs']);

/**
 * A TCP proxy in front of PostgreSQL that counts the statements clients send: one per simple-protocol
 * Query ('Q', e.g. BEGIN and COMMIT) and one per extended-protocol Execute ('E', every parameterized
 * query). Counting on the wire treats Folio and the floor alike, whatever their driver or ORM does.
 * Used only for the counting pass: the timed runs connect to PostgreSQL directly.
 */
export class SqlCounter {
  statements = 0;
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: URL) {}

  /** The database URL that goes through this proxy. */
  async start(): Promise<string> {
    this.server = createServer((client) => this.pipe(client));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const url = new URL(this.target.toString());
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as AddressInfo).port);
    return url.toString();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private pipe(client: Socket): void {
    const upstream = createConnection(Number(this.target.port || 5432), this.target.hostname);
    this.sockets.add(client).add(upstream);
    let buffered = Buffer.alloc(0);
    let started = false;
    let counted = true;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buffered = Buffer.concat([buffered, chunk]);
      // The startup message (and an SSL request) has no type byte: a length, then the body.
      while (!started && buffered.length >= 8) {
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        if (code !== 80877103) {
          // 80877103: SSLRequest, another startup follows. The startup's body: name\0value\0 pairs.
          started = true;
          const pairs = buffered.subarray(8, length).toString('utf8').split('\0');
          const at = pairs.indexOf('application_name');
          counted = at < 0 || !BACKGROUND.has(pairs[at + 1]);
        }
        buffered = buffered.subarray(length);
      }
      while (started && buffered.length >= 5) {
        const length = buffered.readInt32BE(1);
        if (buffered.length < length + 1) return;
        const type = String.fromCharCode(buffered[0]);
        if (counted && (type === 'Q' || type === 'E')) this.statements++;
        buffered = buffered.subarray(length + 1);
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  }
}
