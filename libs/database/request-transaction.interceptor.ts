import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, concatMap, finalize, from, Observable, throwError } from 'rxjs';
import { DatabaseSession } from './database-session';

const READ_ONLY_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs every writing HTTP request in one transaction: committed before the response is sent, so a
 * 2xx means the data is stored, and rolled back when the handler throws. Reads run without one.
 */
@Injectable()
export class RequestTransactionInterceptor implements NestInterceptor {
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
            concatMap((value: unknown) => from(unit.commit().then(() => value))),
            catchError((error: unknown) =>
              from(unit.rollback()).pipe(concatMap(() => throwError(() => error))),
            ),
            // Released here rather than on the response's close event: see STACK-NOTES.
            finalize(() => void unit.release().catch(() => undefined)),
          )
          .subscribe(subscriber),
      ),
    );
  }
}
