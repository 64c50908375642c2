import { Client } from 'pg';
import { EmbeddedPostgres } from '../libs/database/embedded-postgres';

/** The database a bench run seeds and serves from, and how to leave it behind. */
export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report: never a password. */
  description: string;
  /** True when it already existed (and so may already be seeded). */
  existed: boolean;
  close(keep: boolean): Promise<void>;
}

const EMBEDDED_DATA = '.data/bench-postgres';

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
 * A database of its own for the bench: created on the server DATABASE_URL names (used as an admin
 * connection only), or on an embedded PostgreSQL in .data/bench-postgres when DATABASE_URL is unset.
 */
export async function openBenchDatabase(name: string, fresh: boolean): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await EmbeddedPostgres.start({
        dataDir: EMBEDDED_DATA,
        port: 0,
        database: 'postgres',
        ephemeral: false,
      });
  const adminUrl = embedded?.adminUrl ?? process.env.DATABASE_URL ?? '';
  const existed = await withClient(adminUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount && !fresh) return true;
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
    return false;
  });
  const host = new URL(adminUrl);
  return {
    url: databaseUrl(adminUrl, name),
    description: embedded
      ? `embedded PostgreSQL (${EMBEDDED_DATA}), database ${name}`
      : `PostgreSQL at ${host.hostname}:${host.port || 5432}, database ${name}`,
    existed,
    async close(keep: boolean) {
      if (!keep) {
        await withClient(adminUrl, (client) =>
          client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        );
      }
      await embedded?.stop();
    },
  };
}

export async function serverVersion(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0].server_version;
  });
}
