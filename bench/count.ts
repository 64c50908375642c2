import { isDeepStrictEqual } from 'node:util';
import { Endpoint, HttpRequest, seededRandom } from './endpoints';
import { SqlCounter } from './sql-counter';

export interface CountResult {
  /** SQL statements per request, BEGIN and COMMIT included. */
  statements: number;
  statuses: number[];
  bodies: unknown[];
}

const CYCLES = 5;

async function send(
  baseUrl: string,
  request: HttpRequest,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(baseUrl + request.path, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('json');
  return { status: response.status, body: text && json ? (JSON.parse(text) as unknown) : text };
}

/**
 * Sends the endpoint's requests one at a time and counts what reaches PostgreSQL. The same requests go
 * once uncounted first, so that once-a-minute work (an access token's last_used_at) does not skew it.
 */
export async function countStatements(
  baseUrl: string,
  counter: SqlCounter,
  endpoint: Endpoint,
): Promise<CountResult> {
  const context = { random: seededRandom(0) };
  const cycles = async () => {
    context.random = seededRandom(4242);
    const results = [];
    for (let i = 0; i < CYCLES; i++) {
      for (const make of endpoint.requests) results.push(await send(baseUrl, make(context)));
    }
    return results;
  };
  await cycles();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const before = counter.statements;
  const results = await cycles();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    statements: (counter.statements - before) / results.length,
    statuses: [...new Set(results.map((result) => result.status))],
    bodies: results.map((result) => result.body),
  };
}

/** The keys of a JSON value, recursively: writes create different rows, but the shape must match. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice(0, 1).map(shape);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, shape(inner)]));
  }
  return typeof value;
}

/**
 * A search's nextCursor ends with the newest publication time when its first page was read (asOf): a
 * write between the two servers' reads would move it. Compared without it, the rest (rank, date, id)
 * must match.
 */
function withoutReadTime(body: unknown): unknown {
  const cursor = (body as { nextCursor?: unknown } | null)?.nextCursor;
  if (typeof cursor !== 'string') return body;
  const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  if (!Array.isArray(key) || key.length !== 4) return body;
  const position: unknown[] = key.slice(0, 3);
  return { ...(body as object), nextCursor: [...position, 'the time of the first page'] };
}

/** Reads must answer the same JSON on both servers; writes the same shape. Folio alone: nothing to compare. */
export function sameJson(endpoint: Endpoint, folio: unknown[], floor: unknown[]): boolean {
  if (endpoint.folioOnly) return true;
  if (endpoint.kind === 'read') {
    return isDeepStrictEqual(folio.map(withoutReadTime), floor.map(withoutReadTime));
  }
  return isDeepStrictEqual(folio.map(shape), floor.map(shape));
}
