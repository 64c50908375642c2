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
  'qwerty',
  'qwertyuiop',
  'welcome',
  'iloveyou',
  'monkey',
  'dragon',
]);

/** Counting and keyboard runs: a secret that is one of these, give or take two characters, is guessed. */
const RUNS = [
  '01234567890123456789012345678901234567890',
  '98765432109876543210987654321098765432109',
  'abcdefghijklmnopqrstuvwxyz',
  'zyxwvutsrqponmlkjihgfedcba',
  'qwertyuiopasdfghjklzxcvbnm',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p',
];

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Variables whose whole value is a secret, by name (auth's and any later module's alike). */
const SECRET_NAME = /(PASSWORD|SECRET|_KEY|_TOKEN)$/;
/** Variables holding a URL that may carry a password (`scheme://user:password@host`), or a list of them. */
const URL_NAME = /_URL$/;
const URL_LIST_NAME = /_URLS$/;

/**
 * Shorter than 12, or long but guessed at once: a well-known word with digits or signs around it
 * (`Password1234!`), a counting or keyboard run (`123456789012`, `qwertyuiop12`), or few distinct
 * characters (`aaaaaaaaaaaa`, `abab…`).
 */
/** A default, short, or keyboard-run secret (`password`, `admin2024`, `qwertyuiop12`). */
export function isWeakSecret(secret: string): boolean {
  const lower = secret.toLowerCase();
  if (secret.length < 12 || WELL_KNOWN.has(lower) || new Set(lower).size < 6) return true;
  if (WELL_KNOWN.has(lower.replace(/[^a-z]/g, ''))) return true;
  const core = lower.length - 2;
  for (let start = 0; start + core <= lower.length; start++) {
    const part = lower.slice(start, start + core);
    if (RUNS.some((run) => run.includes(part))) return true;
  }
  return false;
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
 * `*_PASSWORD` / `*_SECRET` / `*_KEY` / `*_TOKEN` / URL password that is shorter than 12 or guessed at once
 * (a well-known word with digits around it, a counting or keyboard run, few distinct characters).
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
  if (databasePassword !== undefined && isWeakSecret(databasePassword)) {
    throw refuse(
      `the database password (${where}) is a default or weak secret (use 12 or more random characters)`,
    );
  }
  for (const name of [...names].sort()) {
    const value = env[name];
    if (!value) continue;
    if (SECRET_NAME.test(name) && isWeakSecret(value)) {
      throw refuse(`${name} is a default or weak secret (use 12 or more random characters)`);
    }
    // A list (DATABASE_REPLICA_URLS) is held to the same rule, entry by entry.
    const urls = URL_NAME.test(name) ? [value] : URL_LIST_NAME.test(name) ? value.split(',') : [];
    for (const url of urls) {
      const password = urlPassword(url.trim());
      if (password !== undefined && isWeakSecret(password)) {
        throw refuse(
          `the password in ${name} is a default or weak secret (use 12 or more random characters)`,
        );
      }
    }
  }
}
