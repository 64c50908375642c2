import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgres } from '../../libs/database/embedded-postgres';
import { tempFolderForPostgres } from './temp-folder';

/**
 * A throwaway PostgreSQL that one fault test owns: its own data folder and free port, so the test may
 * stop and restart it without touching any server that others use.
 */
export class OwnedDatabase {
  private constructor(
    private server: EmbeddedPostgres,
    private readonly folder: string,
    private readonly port: number,
  ) {}

  static async start(): Promise<OwnedDatabase> {
    const folder = tempFolderForPostgres('folio-fault-');
    const server = await EmbeddedPostgres.start(OwnedDatabase.options(folder, 0));
    return new OwnedDatabase(server, folder, Number(new URL(server.url).port));
  }

  private static options(folder: string, port: number) {
    return { dataDir: join(folder, 'pg'), port, database: 'folio', ephemeral: true };
  }

  get url(): string {
    return this.server.url;
  }

  /** `pg_ctl stop -m fast`: sessions are terminated, open transactions roll back. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  /** Starts it again on the same port and data. */
  async restart(): Promise<void> {
    this.server = await EmbeddedPostgres.start(OwnedDatabase.options(this.folder, this.port));
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: this.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async dispose(): Promise<void> {
    await this.server.stop().catch(() => undefined);
    await EmbeddedPostgres.stopAny({ dataDir: join(this.folder, 'pg') }).catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
