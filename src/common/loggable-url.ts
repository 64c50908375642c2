// No imports: tracing.ts loads this before OpenTelemetry instruments anything.

/** Query parameters whose values are secrets (e.g. a link's one-time token). */
const SECRET_PARAM = /token|password|secret|code|key|signature|state/i;
export const REDACTED = '[redacted]';
/** A 30,000-character URL is logged as its first 2,000 characters. */
const MAX_LOGGED_URL = 2000;

function cut(url: string): string {
  return url.length <= MAX_LOGGED_URL ? url : `${url.slice(0, MAX_LOGGED_URL)}…`;
}

/**
 * The path and query as logged: secret-looking parameters keep their name, lose their value; a
 * very long URL is cut (after the redaction, so no secret is cut in half and kept).
 */
export function loggableUrl(url: string | undefined): string {
  if (!url) return '';
  const at = url.indexOf('?');
  if (at < 0) return cut(url);
  const params = new URLSearchParams(url.slice(at + 1));
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAM.test(name)) params.set(name, REDACTED);
  }
  return cut(`${url.slice(0, at)}?${params.toString()}`);
}
