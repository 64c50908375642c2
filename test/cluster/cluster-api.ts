import { randomBytes } from 'node:crypto';
import { SERVED_BY } from './haproxy';

export interface Answer<T> {
  status: number;
  body: T;
  /** Which instance answered, when the request went through HAProxy. */
  servedBy?: string;
}

/** One API call against an instance or the load balancer (`base` is its origin, no /api). */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Token ${options.token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (HAProxy's own error pages): kept as text.
  }
  return {
    status: response.status,
    body: body as T,
    servedBy: response.headers.get(SERVED_BY) ?? undefined,
  };
}

/** Fails with what came back when the status is not the expected one. */
export function expectStatus<T>(answer: Answer<T>, status: number, what: string): Answer<T> {
  if (answer.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body)}`,
    );
  }
  return answer;
}

export interface ClusterUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export async function registerUser(base: string, prefix = 'cluster'): Promise<ClusterUser> {
  const username = unique(prefix);
  const user = { username, email: `${username}@folio.test`, password: `pw-${username}` };
  const answer = await call<{ user: { token: string } }>(base, 'POST', '/api/users', {
    body: { user },
  });
  expectStatus(answer, 201, `register ${username}`);
  return { ...user, token: answer.body.user.token };
}

export async function createArticle(
  base: string,
  token: string,
  fields: Record<string, unknown> = {},
): Promise<{ slug: string; status: string }> {
  const article = { title: unique('Cluster'), description: 'd', body: 'b', tagList: [], ...fields };
  const answer = await call<{ article: { slug: string; status: string } }>(
    base,
    'POST',
    '/api/articles',
    { body: { article }, token },
  );
  return expectStatus(answer, 201, 'create an article').body.article;
}
