import { Agent, request as httpRequest, IncomingHttpHeaders } from 'node:http';

export interface LoadRequest {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whatever the caller wants back with the outcome (e.g. the serial number written). */
  tag?: string;
}

export interface Outcome {
  request: LoadRequest;
  /** HTTP status, or undefined when the request failed at the socket level. */
  status?: number;
  /** Socket error code (ECONNRESET, ECONNREFUSED, ...) when there was no response. */
  error?: string;
  body: string;
  /** The answer's headers (none when there was no answer). */
  headers?: IncomingHttpHeaders;
  startedAt: number;
  finishedAt: number;
}

/** Loopback only: a load, soak or fault test never sends traffic anywhere else. */
function assertLoopback(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`load tests target loopback only, not ${url.hostname}`);
  }
  return url;
}

/** One HTTP request on a keep-alive agent; never rejects, the outcome says what happened. */
export function send(
  agent: Agent,
  baseUrl: string,
  spec: LoadRequest,
  timeoutMs = 15_000,
): Promise<Outcome> {
  const url = assertLoopback(baseUrl);
  const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let headers: IncomingHttpHeaders | undefined;
    const done = (status: number | undefined, body: string, error?: string) =>
      resolve({
        request: spec,
        status,
        body,
        error,
        headers,
        startedAt,
        finishedAt: performance.now(),
      });
    const req = httpRequest(
      {
        agent,
        host: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port,
        method: spec.method,
        path: spec.path,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...spec.headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        headers = res.headers;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        // Only the start is kept: a load run holds every outcome, and full bodies would be its own leak.
        res.on('end', () =>
          done(res.statusCode, Buffer.concat(chunks).toString('utf8').slice(0, 500)),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          done(res.statusCode, '', error.code ?? error.message),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) =>
      done(undefined, '', error.code ?? error.message),
    );
    req.end(payload);
  });
}

export interface LoadOptions {
  baseUrl: string;
  connections: number;
  /** Hard bounds: the run stops at whichever comes first. */
  durationMs: number;
  maxRequests: number;
  /** The i-th request of worker w. */
  next: (worker: number, i: number) => LoadRequest;
  /** A worker stops after an outcome for which this returns true (e.g. the server is going away). */
  stopWorker?: (outcome: Outcome) => boolean;
  onOutcome?: (outcome: Outcome) => void;
  signal?: AbortSignal;
  /** Keep the bodies of successful answers too; off, a long run does not hold every page in memory. */
  keepSuccessBodies?: boolean;
}

/** `connections` workers, each sending one request at a time on its own kept-alive connection. */
export async function runLoad(options: LoadOptions): Promise<Outcome[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const outcomes: Outcome[] = [];
  const deadline = performance.now() + options.durationMs;
  let issued = 0;
  const worker = async (w: number) => {
    for (let i = 0; ; i++) {
      if (performance.now() >= deadline || issued >= options.maxRequests) return;
      if (options.signal?.aborted) return;
      issued++;
      const outcome = await send(agent, options.baseUrl, options.next(w, i));
      const succeeded = outcome.status !== undefined && outcome.status < 400;
      outcomes.push(
        succeeded && options.keepSuccessBodies === false ? { ...outcome, body: '' } : outcome,
      );
      options.onOutcome?.(outcome);
      if (options.stopWorker?.(outcome)) return;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, (_, w) => worker(w)));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

/** Socket errors that mean an accepted connection was cut, as opposed to a refused one. */
export const RESET_ERRORS = new Set(['ECONNRESET', 'EPIPE', 'socket hang up', 'TIMEOUT']);

/** One line for a failed expectation: which request, what came back. */
export function summarize(outcome: Outcome): string {
  const { method, path, tag } = outcome.request;
  return `${method} ${path}${tag ? ` [${tag}]` : ''}: ${outcome.status ?? outcome.error} ${outcome.body.slice(0, 160)}`;
}
