import { Client } from 'pg';
import { StartupError } from './startup-error';

/** Node's TLS codes for a server certificate that does not verify. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface DriverError {
  code?: string;
  message?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** One clear line for the ways a first connection commonly fails; undefined for anything else. */
export function describeConnectionError(error: unknown, url: string): StartupError | undefined {
  const driver = (error ?? {}) as DriverError;
  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    return new StartupError(
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)',
    );
  }
  const host = target.hostname || 'localhost';
  const port = target.port || '5432';
  const user = decodeURIComponent(target.username || 'postgres');
  const database = decodeURIComponent(target.pathname.replace(/^\//, '')) || user;
  switch (driver.code) {
    case 'ECONNREFUSED':
      return new StartupError(
        `Cannot reach PostgreSQL at ${host}:${port} (connection refused): is it running? ` +
          'Check DATABASE_URL (outside production, unset it to use the embedded PostgreSQL)',
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        `Cannot reach PostgreSQL: the host "${host}" is unknown; check DATABASE_URL`,
      );
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return new StartupError(
        `Cannot reach PostgreSQL at ${host}:${port} (timed out); check DATABASE_URL`,
      );
    case '28P01':
      return new StartupError(
        `PostgreSQL rejected the password for user "${user}" at ${host}:${port}`,
      );
    case '28000':
      return new StartupError(
        `PostgreSQL at ${host}:${port} does not let user "${user}" connect to "${database}" (pg_hba.conf or role)`,
      );
    case '3D000':
      return new StartupError(
        `The database "${database}" does not exist on ${host}:${port}; create it with: createdb -h ${host} -p ${port} -U ${user} ${database}`,
      );
  }
  if (driver.code && CERTIFICATE_CODES.has(driver.code)) {
    return new StartupError(
      `PostgreSQL at ${host}:${port} sent a certificate that does not verify (${driver.message}): ` +
        'name its CA with sslrootcert=/path/to/ca.pem in DATABASE_URL, or connect by the name it was issued for',
    );
  }
  if (driver.message === 'The server does not support SSL connections') {
    return new StartupError(
      `PostgreSQL at ${host}:${port} does not accept SSL connections: turn ssl on in its configuration, or remove sslmode from DATABASE_URL`,
    );
  }
  if (
    driver.message?.includes('timeout exceeded when trying to connect') ||
    driver.message?.includes('connection timeout')
  ) {
    return new StartupError(
      `Cannot reach PostgreSQL at ${host}:${port} (timed out); check DATABASE_URL`,
    );
  }
  // A server that took the connection, then closed it without a word (not PostgreSQL, or a proxy).
  if (driver.message === 'Connection terminated unexpectedly') {
    return new StartupError(
      `PostgreSQL at ${host}:${port} closed the connection at once: is that port PostgreSQL's? Check DATABASE_URL`,
    );
  }
  if (driver.message?.includes('SASL') || driver.message?.includes('password must be a string')) {
    return new StartupError(
      `PostgreSQL at ${host}:${port} asks for a password; add it to DATABASE_URL`,
    );
  }
  return undefined;
}

/**
 * Connects once to `url` and lets go; the common failures become one clear StartupError. For the
 * commands (TypeORM's CLI, `npm run cli`) that would otherwise print the driver's stack.
 */
export async function assertReachable(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw describeConnectionError(error, url) ?? error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
