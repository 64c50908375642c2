import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../libs/database/embedded-postgres';

/** The databases of a bench run: the seeded one, kept as a template, and this run's copy of it. */
export interface BenchDatabases {
  /** The seeded data set, reused by later runs of the same size; never written by a run. */
  seededUrl: string;
  /** Whether the seeded database holds a complete data set made by this seed version. */
  seeded: boolean;
  /** Where it runs, for the report: never a password. */
  description: string;
  markSeeded(): Promise<void>;
  /** A fresh copy of the seeded database for this run, so that its writes never reach the next run. */
  copyForRun(): Promise<string>;
  close(keep: boolean): Promise<void>;
}

const EMBEDDED_DATA = '.data/bench-postgres';
const BENCH_ROLE = 'folio_bench';

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The bench's own databases, on the server DATABASE_URL names (used as an admin connection only), or
 * on an embedded PostgreSQL in .data/bench-postgres when DATABASE_URL is unset. `marker` tells a seeded
 * database made by this seed version and size from a stale or half-seeded one (which is dropped).
 */
export async function openBenchDatabases(
  name: string,
  marker: string,
  reseed: boolean,
): Promise<BenchDatabases> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await EmbeddedPostgres.start({
        dataDir: EMBEDDED_DATA,
        port: 0,
        database: 'postgres',
        ephemeral: false,
      });
  const adminUrl = embedded?.adminUrl ?? process.env.DATABASE_URL ?? '';
  // Folio runs in production, which refuses the embedded server's fixed development password.
  const folioUrl = embedded ? await benchRole(adminUrl) : adminUrl;
  const runName = `${name}_run`;
  const seeded = await withClient(adminUrl, async (client) => {
    const found = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    if (!reseed && found.rows[0]?.comment === marker) return true;
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
    return false;
  });
  const host = new URL(adminUrl);
  return {
    seededUrl: databaseUrl(folioUrl, name),
    seeded,
    description: embedded
      ? `embedded PostgreSQL (${EMBEDDED_DATA})`
      : `PostgreSQL at ${host.hostname}:${host.port || 5432}`,
    markSeeded: () =>
      withClient(adminUrl, async (client) => {
        await client.query(`COMMENT ON DATABASE ${name} IS ${client.escapeLiteral(marker)}`);
      }),
    copyForRun: () =>
      withClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${runName} TEMPLATE ${name}`);
        return databaseUrl(folioUrl, runName);
      }),
    async close(keep: boolean) {
      await withClient(adminUrl, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
        if (!keep) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
      await embedded?.stop();
    },
  };
}

/**
 * The embedded server's role for Folio and the floor: `folio_bench`, given a new random password on
 * every run (so none is stored anywhere), superuser like the admin role it stands in for.
 */
async function benchRole(adminUrl: string): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await withClient(adminUrl, async (client) => {
    const { rowCount } = await client.query(
      `SELECT 1 FROM pg_roles WHERE rolname = '${BENCH_ROLE}'`,
    );
    if (!rowCount) await client.query(`CREATE ROLE ${BENCH_ROLE}`);
    await client.query(
      `ALTER ROLE ${BENCH_ROLE} WITH LOGIN SUPERUSER PASSWORD ${client.escapeLiteral(password)}`,
    );
  });
  const url = new URL(adminUrl);
  url.username = BENCH_ROLE;
  url.password = password;
  return url.toString();
}

export async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  });
}
