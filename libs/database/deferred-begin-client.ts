import { Client, Query, QueryResult } from 'pg';

/** What TypeORM's query runner sends to open a transaction, and to end one. */
const OPEN = 'START TRANSACTION';
const ENDS = new Set(['COMMIT', 'ROLLBACK']);

/** The parts of node-postgres's connection and Query this file drives (not in its public types). */
interface Connection {
  stream: { cork?: () => void; uncork?: () => void };
  parsedStatements: Record<string, string>;
  parse(query: { text: string }): void;
  bind(config: object): void;
  execute(config: object): void;
}

interface PgQuery {
  text?: string;
  name?: string;
  values?: unknown;
  callback?: (error: Error | null, result: QueryResult) => void;
  requiresPreparation(): boolean;
  submit(connection: Connection): Error | null;
  handleCommandComplete(message: unknown, connection: Connection): void;
}

const PgQueryClass = Query as unknown as new (config: unknown, values?: unknown) => PgQuery;

/**
 * A statement preceded by BEGIN in the same write: Parse, Bind and Execute of BEGIN without a Sync,
 * then the statement's own messages and its Sync. PostgreSQL answers both in one reply, ending with one
 * ReadyForQuery, so node-postgres sees a single query; the BEGIN's CommandComplete is skipped here.
 * If BEGIN failed, PostgreSQL would skip the statement up to the Sync and this query fails with it.
 */
class BeginThenQuery extends PgQueryClass {
  private beginAnswered = false;

  override submit(connection: Connection): Error | null {
    connection.stream.cork?.();
    try {
      connection.parse({ text: 'BEGIN' });
      connection.bind({});
      connection.execute({});
      return super.submit(connection);
    } finally {
      connection.stream.uncork?.();
    }
  }

  override handleCommandComplete(message: unknown, connection: Connection): void {
    if (this.beginAnswered) return super.handleCommandComplete(message, connection);
    this.beginAnswered = true;
  }
}

function answered(command: string): QueryResult {
  return { command, rowCount: null, oid: 0, rows: [], fields: [] };
}

/**
 * The pool's client (pg-pool's `Client` option): a transaction's BEGIN is sent with its first
 * statement, in one round trip, instead of alone before it.
 *
 * TypeORM opens a transaction with `START TRANSACTION` and waits for it before the first statement.
 * Here that waits for nothing: BEGIN is held until the next statement, and goes out in the same write.
 * A COMMIT or ROLLBACK with BEGIN still held sends nothing (nothing was begun). A statement that cannot
 * carry it (no parameters, so the simple protocol; a named statement this connection has not parsed
 * yet, whose parse bookkeeping would be muddled; a callback, a stream, a per-query timeout) gets BEGIN
 * first, alone, queued right before it.
 * Writes are what this saves a round trip on: every write request is a transaction.
 */
export class DeferredBeginClient extends Client {
  private beginHeld = false;
  /** The next statement is the transaction's last (endWithNext). */
  private lastNext = false;
  /**
   * Set when the transaction's one statement was sent alone (endWithNext), until its COMMIT or ROLLBACK:
   * that statement's outcome, which they wait for and then answer without sending anything.
   */
  private alone?: Promise<unknown>;

  /**
   * The next statement is the last of the transaction just opened: with BEGIN still held (it is also
   * the first) it runs alone, and PostgreSQL commits it as it ends: no BEGIN, no COMMIT, one round trip
   * for the whole transaction. The COMMIT or ROLLBACK that follows sends nothing (a ROLLBACK cannot undo
   * it); any other statement before that fails. Once a statement has run, this changes nothing.
   * Whether it did: `ranAlone` after the statement. `keepTransaction()` takes it back.
   */
  endWithNext(): void {
    if (this.beginHeld) this.lastNext = true;
  }

  /** Takes back `endWithNext()` if no statement came since. */
  keepTransaction(): void {
    this.lastNext = false;
  }

  /**
   * Whether the transaction's one statement was sent alone (endWithNext): once it succeeds, it is
   * committed, and nothing else may run in the transaction.
   */
  get ranAlone(): boolean {
    return this.alone !== undefined;
  }

  private route([config, values, callback]: unknown[]): unknown {
    const plain = typeof config === 'string' && values === undefined && callback === undefined;
    const ends = plain && ENDS.has(config);
    if (this.alone) {
      if (!ends) {
        return Promise.reject(
          new Error(
            'A statement after the last one of a transaction (DeferredBeginClient.endWithNext)',
          ),
        );
      }
      // Answered once the statement is done: the connection is not free for the pool before.
      const done = this.alone;
      this.alone = undefined;
      return done.then(() => answered(config));
    }
    if (this.lastNext) {
      this.lastNext = false;
      if (this.beginHeld && !ends) {
        this.beginHeld = false;
        const sent = this.send(config, values, callback);
        this.alone = Promise.resolve(sent).catch(() => undefined);
        return sent;
      }
    }
    if (!this.beginHeld) {
      if (plain && config === OPEN) {
        this.beginHeld = true;
        return Promise.resolve(answered('BEGIN'));
      }
      return this.send(config, values, callback);
    }
    if (ends) {
      this.beginHeld = false;
      return Promise.resolve(answered(config));
    }
    // Built before BEGIN stops being held: a config node-postgres refuses throws here, BEGIN still held.
    const query = this.carrierOf(config, values, callback);
    this.beginHeld = false;
    if (query) {
      const result = new Promise<QueryResult>((resolve, reject) => {
        query.callback = (error, answer) => (error ? reject(error) : resolve(answer));
      });
      this.send(query);
      return result.catch((error: Error) => {
        // As node-postgres does: a stack that leads back to the caller, not to the socket.
        Error.captureStackTrace(error);
        throw error;
      });
    }
    // BEGIN alone, and the statement queued right behind it: node-postgres runs a connection's queries
    // in the order they were queued, so nothing sent meanwhile can come between them. BEGIN fails on a
    // healthy connection only if it is lost, and then so does the statement.
    (this.send('BEGIN') as Promise<QueryResult>).catch(() => undefined);
    return this.send(config, values, callback);
  }

  /**
   * The statement with BEGIN before it, if it can carry it: the promise form, the extended protocol,
   * and nothing that would make node-postgres refuse it once BEGIN is written.
   */
  private carrierOf(
    config: unknown,
    values: unknown,
    callback: unknown,
  ): BeginThenQuery | undefined {
    if (callback !== undefined || typeof values === 'function' || isSubmittable(config)) return;
    // Options this path would drop: a config's own callback, its query_timeout.
    const options = typeof config === 'object' && config !== null ? config : {};
    if ('callback' in options || 'query_timeout' in options) return;
    const query = new BeginThenQuery(config, values);
    if (typeof query.text !== 'string' || !query.requiresPreparation()) return;
    if (query.values !== undefined && !Array.isArray(query.values)) return;
    if (query.name === undefined) return query;
    const parsed = (this as unknown as { connection: Connection }).connection.parsedStatements;
    return parsed[query.name] === query.text ? query : undefined;
  }

  /** node-postgres's own query: a promise, or for a callback or a stream what it returns for those. */
  private send(config: unknown, values?: unknown, callback?: unknown): unknown {
    return (super.query as (...args: unknown[]) => unknown).call(this, config, values, callback);
  }
}

// query() itself, put on the prototype so that callers keep node-postgres's overloaded signature.
// TypeORM calls its promise form: text or { name, text }, and values.
Object.defineProperty(DeferredBeginClient.prototype, 'query', {
  value: function query(this: DeferredBeginClient, ...args: unknown[]): unknown {
    return this['route'](args);
  },
  writable: true,
  configurable: true,
});

function isSubmittable(config: unknown): boolean {
  return typeof (config as { submit?: unknown } | null)?.submit === 'function';
}
