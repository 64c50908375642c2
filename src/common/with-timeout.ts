/**
 * `work`, or a rejection after `ms` when it has not settled by then (the work itself goes on): for
 * probes and scrapes that must answer in bounded time even when the database or the queue hangs.
 */
export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
