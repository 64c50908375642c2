/**
 * How the site talks to Folio's API: the reader's token, each request with it, and the API's
 * `{"errors": {"field": ["message"]}}` body turned into an ApiError. The calls themselves are in
 * client.ts and admin-client.ts.
 */
import type { components } from './schema';

export type Schemas = components['schemas'];

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldErrors,
  ) {
    super(
      Object.entries(errors)
        .map(([field, messages]) => `${field} ${messages.join(', ')}`)
        .join('; ') || `HTTP ${status}`,
    );
    this.name = 'ApiError';
  }
}

/** The API said the thing asked for does not exist: a page shows not-found, not "try again". */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

const TOKEN_KEY = 'folio.token';
let token: string | null = readStoredToken();

function readStoredToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return token;
}

/**
 * Another tab of the site signed in or out: this one sends the token that tab stored from now on, and
 * `listener` runs (the session reads its user again).
 */
export function followOtherTabs(listener: () => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key !== TOKEN_KEY) return;
    token = event.newValue;
    listener();
  });
}

export function setToken(value: string | null): void {
  token = value;
  try {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private browsing without storage: the session lasts until the tab closes.
  }
}

type Query = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The API's answer when it is a success; its error body as an ApiError otherwise. */
async function send(
  method: string,
  path: string,
  accept: string,
  body?: unknown,
  query?: Query,
): Promise<Response> {
  // FormData (an upload) goes as it is: the browser writes its multipart Content-Type with the boundary.
  const form = body instanceof FormData;
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Token ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api${withQuery(path, query)}`, {
      method,
      headers,
      body: body === undefined ? null : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { network: ['is unreachable'] });
  }
  if (response.ok) return response;
  const data = parseJson(await response.text());
  const errors =
    data && typeof data === 'object' && 'errors' in data
      ? normalizeErrors(data.errors)
      : { server: [response.statusText || 'error'] };
  // The token this site sent no longer works (signed out everywhere, a password reset, a deactivated
  // account): that is the reader's session ending, not a link being wrong.
  if (response.status === 401 && headers.Authorization && errors.token) {
    throw new ApiError(401, { session: ['ended'] });
  }
  throw new ApiError(response.status, errors);
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  query?: Query,
): Promise<T> {
  const response = await send(method, path, 'application/json', body, query);
  if (response.status === 204) return undefined as T;
  return parseJson(await response.text()) as T;
}

/** A file the API sends (an export): its content, and its name from Content-Disposition or `fallback`. */
export async function download(
  path: string,
  fallback: string,
): Promise<{ blob: Blob; filename: string }> {
  const response = await send('GET', path, '*/*');
  const filename = filenameOf(response.headers.get('Content-Disposition')) ?? fallback;
  return { blob: await response.blob(), filename };
}

/** `attachment; filename="a.csv"` (or RFC 6266's `filename*=UTF-8''a.csv`): `a.csv`. */
function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const encoded = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded.trim());
    } catch {
      // A malformed escape: the plain filename, if any, still names the file.
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(disposition);
  return (plain?.[1] ?? plain?.[2])?.trim() || undefined;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function normalizeErrors(errors: unknown): FieldErrors {
  const result: FieldErrors = {};
  if (!errors || typeof errors !== 'object') return { server: ['error'] };
  for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
    result[field] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
  }
  return result;
}

export const segment = encodeURIComponent;
