import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import {
  catchError,
  concatMap,
  defaultIfEmpty,
  finalize,
  from,
  Observable,
  throwError,
  timer,
} from 'rxjs';
import { transactionConflictOf } from './database-errors';
import { DatabaseSession } from './database-session';
import { ReplicaRouter } from './replica-router';
import { TransactionRetries } from './transaction-retries';

/** Requests with these methods only read: they run on the pool, without a transaction. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** How many times a writing request runs at most when PostgreSQL ends its transaction for a conflict. */
export const WRITE_ATTEMPTS = 3;

interface WritingRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

/** The reply's headers, as far as a retry must put them back (Fastify's reply). */
interface ReplyHeaders {
  getHeaders(): Record<string, unknown>;
  removeHeader(name: string): unknown;
  header(name: string, value: unknown): unknown;
}

/**
 * Runs every writing HTTP request in one transaction: committed before the response is sent, so a
 * 2xx means the data is stored, and rolled back when the handler throws. Reads run without one, and
 * with read replicas configured they may read from a replica (the session decides, once per request).
 *
 * A transaction that PostgreSQL ended to let another go on (a deadlock, a serialization failure) left
 * nothing behind, and the request runs again from its pipes, in a new transaction, up to
 * WRITE_ATTEMPTS times: the client sees the answer, not a 503. Not a multipart upload, whose body was
 * read as it streamed in and is gone.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly session: DatabaseSession,
    private readonly replicas: ReplicaRouter,
    private readonly retries: TransactionRetries,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<WritingRequest>();
    if (READ_ONLY_METHODS.has(request.method)) {
      if (!this.replicas.enabled) return next.handle();
      // Guards ran first: the reader is known, and the token check itself read from the primary.
      const reader = this.replicas.readerOf(request);
      return new Observable((subscriber) =>
        this.session.withReplicaReads(reader, () => next.handle().subscribe(subscriber)),
      );
    }

    const reader = this.replicas.enabled ? this.replicas.readerOf(request) : undefined;
    const reply = context.switchToHttp().getResponse<ReplyHeaders>();
    const headersBefore = { ...reply.getHeaders() };
    const attempt = (number: number): Observable<unknown> =>
      this.inTransaction(next, reader).pipe(
        catchError((error: unknown) => {
          const conflict = transactionConflictOf(error);
          if (!conflict || number >= WRITE_ATTEMPTS || isMultipart(request)) {
            return throwError(() => error);
          }
          this.logger.warn(
            `${request.method} ${request.url.split('?')[0]}: ${conflict}, running it again (attempt ${number + 1} of ${WRITE_ATTEMPTS})`,
          );
          this.retries.record(conflict);
          restoreHeaders(reply, headersBefore);
          // A short random pause: two requests that deadlocked do not meet again in step.
          return timer(number * (5 + Math.random() * 20)).pipe(
            concatMap(() => attempt(number + 1)),
          );
        }),
      );
    return attempt(1);
  }

  /**
   * The rest of the request (pipes, handler) in a unit of work of its own, committed before the answer
   * goes. Subscribing runs them inside the unit's context, so they all see it.
   */
  private inTransaction(next: CallHandler, reader: string | undefined): Observable<unknown> {
    return new Observable((subscriber) =>
      this.session.withUnit((unit) => {
        if (reader !== undefined) unit.readers.add(reader);
        return next
          .handle()
          .pipe(
            // A handler that completes without a value still commits.
            defaultIfEmpty(undefined),
            // The writer is recorded before the answer leaves: their next read, on any instance, knows.
            concatMap((value: unknown) =>
              from(
                unit
                  .commit()
                  .then(() => this.session.committed(unit))
                  .then(() => value),
              ),
            ),
            catchError((error: unknown) =>
              from(unit.rollback()).pipe(concatMap(() => throwError(() => error))),
            ),
            // Released here, not on the response's close event: releasing there made pg warn "client
            // already executing a query" and hang when clients aborted mid-request.
            // A failed release has already made pg discard the connection; the answer stands, the log says it.
            finalize(
              () =>
                void unit
                  .release()
                  .catch((error: Error) =>
                    this.logger.warn(`Releasing a request's connection failed: ${error.message}`),
                  ),
            ),
          )
          .subscribe(subscriber);
      }),
    );
  }
}

function isMultipart(request: WritingRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('multipart/');
}

/**
 * Takes back what a failed attempt set on the reply (a cookie, a Location): the next sets its own.
 * Every header goes first: Fastify adds a Set-Cookie to the one there instead of replacing it.
 */
function restoreHeaders(reply: ReplyHeaders, before: Record<string, unknown>): void {
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  for (const [name, value] of Object.entries(before)) reply.header(name, value);
}
