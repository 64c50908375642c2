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

/** Requests with these methods only read: they run on the pool, without a transaction. */
export const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs every writing HTTP request in one transaction: committed before the response is sent, so a
 * 2xx means the data is stored, and rolled back when the handler throws. Reads run without one.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Database');

  constructor(private readonly session: DatabaseSession) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const { method } = context.switchToHttp().getRequest<{ method: string }>();
    if (READ_ONLY_METHODS.has(method)) return next.handle();

    // Subscribing runs the pipes and the handler: inside the unit's context, so they all see it.
    return new Observable((subscriber) =>
      this.session.withUnit((unit) =>
        next
          .handle()
          .pipe(
            // A handler that completes without a value still commits.
            defaultIfEmpty(undefined),
            concatMap((value: unknown) => from(unit.commit().then(() => value))),
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
          .subscribe(subscriber),
      ),
    );
  }
}
