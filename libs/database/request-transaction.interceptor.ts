import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import {
  catchError,
  concatMap,
  defaultIfEmpty,
  finalize,
  from,
  Observable,
  throwError,
} from 'rxjs';
import { DatabaseSession } from './database-session';
import { ReplicaRouter } from './replica-router';

/** Requests with these methods only read: they run on the pool, without a transaction. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs every writing HTTP request in one transaction: committed before the response is sent, so a
 * 2xx means the data is stored, and rolled back when the handler throws. Reads run without one, and
 * with read replicas configured they may read from a replica (the session decides, once per request).
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly session: DatabaseSession,
    private readonly replicas: ReplicaRouter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ method: string }>();
    if (READ_ONLY_METHODS.has(request.method)) {
      if (!this.replicas.enabled) return next.handle();
      // Guards ran first: the reader is known, and the token check itself read from the primary.
      const reader = this.replicas.readerOf(request);
      return new Observable((subscriber) =>
        this.session.withReplicaReads(reader, () => next.handle().subscribe(subscriber)),
      );
    }

    // Subscribing runs the pipes and the handler: inside the unit's context, so they all see it.
    const reader = this.replicas.enabled ? this.replicas.readerOf(request) : undefined;
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
