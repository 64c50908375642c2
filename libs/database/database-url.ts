import type { StartLog } from './embedded-postgres-host';
import { EmbeddedPostgres } from './embedded-postgres';
import { StartupError } from './startup-error';

export type DatabaseSource = 'DATABASE_URL' | 'POSTGRES_*' | 'embedded';

export interface DatabaseTarget {
  url: string;
  source: DatabaseSource;
  /** Set when this process started (or joined) the embedded server. */
  embedded?: EmbeddedPostgres;
}

type Env = Record<string, string | undefined>;

/** What a password may hold only percent-encoded in a URL, said where a URL does not parse. */
const ENCODING_HINT =
  'a password with @ : / ? # or % in it must be percent-encoded (%40 %3A %2F %3F %23 %25)';

/**
 * Why `raw` is not a usable URL with one of `protocols`, or undefined when it is. The user, password
 * and path must also percent-decode, as the database driver decodes them (a stray `%` is its bare
 * "URI malformed" otherwise). The reason never quotes the URL: it may hold a password.
 */
export function urlProblem(raw: string, protocols: readonly string[]): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    const hint = raw.includes('@') ? `; ${ENCODING_HINT}` : '';
    return `must be a URL (${protocols[0]}://...)${hint}`;
  }
  if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
    return `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`;
  }
  // A # ends a URL: the password before it is cut short and the rest is lost (a weak password, a
  // host named after part of it), so it is said for what it is.
  if (parsed.hash !== '' || raw.includes('#')) return `has a # in it; ${ENCODING_HINT}`;
  for (const [part, value] of [
    ['user', parsed.username],
    ['password', parsed.password],
    ['path', parsed.pathname],
  ] as const) {
    try {
      decodeURIComponent(value);
    } catch {
      return `has a % in its ${part} that is not followed by two hex digits (write % as %25)`;
    }
  }
  return undefined;
}

/** The sslmodes the driver (pg 8) already treats as verify-full, warning about it in eight lines. */
const VERIFYING_ALIASES = new Set(['prefer', 'require', 'verify-ca']);

/**
 * The URL with `sslmode=prefer|require|verify-ca` written as the `verify-full` pg 8 already makes of
 * it (the server's certificate is checked): the same connection, without the driver's eight-line
 * warning in every process, and unchanged when a later pg gives those modes libpq's weaker meaning.
 * `uselibpqcompat=true` asks for libpq's meaning now, and is left as it is.
 */
export function withExplicitSslMode(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  const mode = parsed.searchParams.get('sslmode');
  if (
    !mode ||
    !VERIFYING_ALIASES.has(mode) ||
    parsed.searchParams.get('uselibpqcompat') === 'true'
  ) {
    return url;
  }
  parsed.searchParams.set('sslmode', 'verify-full');
  return parsed.toString();
}

const POSTGRES_PARTS = [
  'POSTGRES_HOST',
  'POSTGRES_PORT',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
  'POSTGRES_DB',
];

/** The URL the environment names, from DATABASE_URL or the POSTGRES_* parts; undefined when neither is set. */
export function configuredDatabaseUrl(
  env: Env,
): { url: string; source: DatabaseSource } | undefined {
  if (env.DATABASE_URL) {
    // The app's config says the same first; the TypeORM CLI, which reads no config, says it here.
    const problem = urlProblem(env.DATABASE_URL, ['postgres', 'postgresql']);
    if (problem) throw new StartupError(`Invalid configuration: DATABASE_URL ${problem}`);
    return { url: withExplicitSslMode(env.DATABASE_URL), source: 'DATABASE_URL' };
  }
  if (!POSTGRES_PARTS.some((name) => env[name])) return undefined;
  const url = new URL('postgres://localhost');
  url.hostname = env.POSTGRES_HOST || 'localhost';
  url.port = env.POSTGRES_PORT || '5432';
  url.username = encodeURIComponent(env.POSTGRES_USER || 'postgres');
  url.password = encodeURIComponent(env.POSTGRES_PASSWORD || '');
  url.pathname = `/${encodeURIComponent(env.POSTGRES_DB || 'folio')}`;
  return { url: url.toString(), source: 'POSTGRES_*' };
}

/** Where the embedded PostgreSQL lives when nothing says otherwise (the config validates the same). */
export const EMBEDDED_DEFAULTS = {
  dataDir: '.data/postgres',
  port: 54329,
  database: 'folio',
} as const;

export function embeddedSettings(env: Env) {
  return {
    dataDir: env.EMBEDDED_PG_DATA || EMBEDDED_DEFAULTS.dataDir,
    port: Number(env.EMBEDDED_PG_PORT || EMBEDDED_DEFAULTS.port),
    database: EMBEDDED_DEFAULTS.database,
  };
}

/**
 * The database this process should use: the configured one, or else the embedded PostgreSQL,
 * started (or joined, when another Folio process already runs it) on the spot.
 */
export async function resolveDatabase(env: Env, log: StartLog): Promise<DatabaseTarget> {
  const configured = configuredDatabaseUrl(env);
  if (configured) return configured;
  const embedded = await EmbeddedPostgres.start({ ...embeddedSettings(env), log });
  return { url: embedded.url, source: 'embedded', embedded };
}

/** `postgres://user:secret@host:5432/db` → `postgres://user:***@host:5432/db`, for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database URL>';
  }
}
