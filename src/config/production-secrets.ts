import { configuredDatabaseUrl } from '../../libs/database/database-url';
import { StartupError } from '../../libs/database/startup-error';
import type { Env } from './env-reader';

/** Passwords that ship in examples, compose files and tutorials: never good enough for production. */
const WELL_KNOWN = new Set([
  'admin',
  'changeme',
  'change-me',
  'default',
  'example',
  'folio',
  'letmein',
  'password',
  'postgres',
  'root',
  'secret',
  'test',
  '123456',
  '12345678',
]);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Variables whose whole value is a secret, by name (auth's and any later module's alike). */
const SECRET_NAME = /(PASSWORD|SECRET|_KEY|_TOKEN)$/;
/** Variables holding a URL that may carry a password (`scheme://user:password@host`), or a list of them. */
const URL_NAME = /_URL$/;
const URL_LIST_NAME = /_URLS$/;

function weak(secret: string): boolean {
  return WELL_KNOWN.has(secret.toLowerCase()) || secret.length < 12;
}

function urlPassword(value: string): string | undefined {
  try {
    return decodeURIComponent(new URL(value).password) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * With NODE_ENV=production, Folio refuses to start on a default or missing secret: a database it would
 * reach with a well-known password (or none, on another host), the embedded PostgreSQL (its password is fixed), or any set
 * `*_PASSWORD` / `*_SECRET` / `*_KEY` / `*_TOKEN` / URL password that is well known or shorter than 12.
 * The message names the variable, never its value.
 */
export function assertProductionSecrets(env: Env, names: Iterable<string>): void {
  const refuse = (why: string) => new StartupError(`Refusing to start in production: ${why}`);
  const database = configuredDatabaseUrl(env);
  if (!database) {
    throw refuse(
      'set DATABASE_URL (the embedded PostgreSQL, with its fixed password, is for development and tests)',
    );
  }
  const databasePassword = urlPassword(database.url);
  const where = database.source === 'DATABASE_URL' ? 'DATABASE_URL' : 'POSTGRES_PASSWORD';
  // No password at all is the operator's choice for a server on the same host (pg_hba trust or
  // peer); a password-less connection to another host is refused.
  if (!databasePassword && !LOOPBACK.has(new URL(database.url).hostname)) {
    throw refuse(`the database password (${where}) is missing for a server on another host`);
  }
  if (databasePassword !== undefined && weak(databasePassword)) {
    throw refuse(
      `the database password (${where}) is a default or weak secret (use 12 or more random characters)`,
    );
  }
  for (const name of [...names].sort()) {
    const value = env[name];
    if (!value) continue;
    if (SECRET_NAME.test(name) && weak(value)) {
      throw refuse(`${name} is a default or weak secret (use 12 or more random characters)`);
    }
    // A list (DATABASE_REPLICA_URLS) is held to the same rule, entry by entry.
    const urls = URL_NAME.test(name) ? [value] : URL_LIST_NAME.test(name) ? value.split(',') : [];
    for (const url of urls) {
      const password = urlPassword(url.trim());
      if (password !== undefined && weak(password)) {
        throw refuse(
          `the password in ${name} is a default or weak secret (use 12 or more random characters)`,
        );
      }
    }
  }
}
