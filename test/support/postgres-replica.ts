import { execFile, execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findBinaries } from '../../libs/database/embedded-postgres-binaries';
import { POSTGRES_USER, resolveRunAs } from '../../libs/database/embedded-postgres-host';
import { testPort } from './test-port';
import { tempFolderForPostgres } from './temp-folder';

const run = promisify(execFile);
const PASSWORD = 'postgres';
const SLOT = 'folio_replica';

export interface PostgresReplicaOptions {
  /** Progress lines (which binaries, how the replica was made); silent by default. */
  log?: (line: string) => void;
  /** 'embedded' skips the machine's PostgreSQL even when installed (to try the cold-copy path). */
  binaries?: 'machine' | 'embedded';
}

type RunAs = { uid?: number; gid?: number };

/**
 * A PostgreSQL primary and one streaming replica on loopback, from real binaries, for tests that need
 * replication (read replicas, the cluster test). Each server has its own free port and data folder in a
 * temp folder that `stop()` removes; as root both run as the postgres user, as PostgreSQL requires.
 *
 * The machine's PostgreSQL (`/usr/lib/postgresql/<version>/bin`) is used when installed: the replica is a
 * `pg_basebackup` of the running primary. Otherwise the embedded-postgres binaries are used, which have
 * no pg_basebackup: the replica is then a cold copy of the primary's data folder taken while it is
 * stopped. Either way the replica streams from a replication slot, so it catches up after `startReplica()`.
 *
 * Usage: `const pg = await PostgresReplica.start()` in a beforeAll, `await pg.stop()` in the afterAll
 * (it also runs on process exit if a test run forgot it). Databases are created on the primary
 * (`primaryUrl()`); they appear on the replica once replayed (`waitForReplay()`).
 */
export class PostgresReplica {
  private readonly exitHook = () => this.stopSync();
  private replicaRunning = true;

  private constructor(
    private readonly binDir: string,
    private readonly runAs: RunAs,
    private readonly folder: string,
    private readonly ports: { primary: number; replica: number },
  ) {
    process.once('exit', this.exitHook);
  }

  static async start(options: PostgresReplicaOptions = {}): Promise<PostgresReplica> {
    const log = options.log ?? (() => undefined);
    const runAs = await resolveRunAs();
    const machine = options.binaries === 'embedded' ? undefined : machineBinaries();
    const binDir = machine ?? (await findBinaries(runAs, log));
    log(`PostgreSQL primary and replica from ${binDir}`);
    const folder = tempFolderForPostgres('folio-replica-');
    const ports = { primary: await testPort(), replica: await testPort() };
    const pair = new PostgresReplica(binDir, runAs, folder, ports);
    try {
      await pair.createPrimary();
      if (machine) {
        await pair.baseBackup();
      } else {
        await pair.coldCopy();
      }
      await pair.configureReplica();
      await pair.pgCtlStart('replica');
      await pair.waitForReplay();
      log(`Primary on port ${ports.primary}, replica on port ${ports.replica}`);
      return pair;
    } catch (error) {
      await pair.stop();
      throw error;
    }
  }

  /** The primary's URL (as the postgres superuser), on `database`. */
  primaryUrl(database = 'postgres'): string {
    return this.url(this.ports.primary, database);
  }

  /** The replica's URL: read-only (a hot standby), on `database`. */
  replicaUrl(database = 'postgres'): string {
    return this.url(this.ports.replica, database);
  }

  /** Stops applying WAL on the replica: it keeps answering, with the data of this moment (a lag). */
  async pauseReplay(): Promise<void> {
    await this.query(this.replicaUrl(), 'SELECT pg_wal_replay_pause()');
  }

  async resumeReplay(): Promise<void> {
    await this.query(this.replicaUrl(), 'SELECT pg_wal_replay_resume()');
  }

  /** `pg_ctl stop -m fast`: the replica's connections are cut, its port refuses new ones. */
  async stopReplica(): Promise<void> {
    if (!this.replicaRunning) return;
    await this.pgCtl(['stop', '-D', this.dataDir('replica'), '-m', 'fast', '-w']);
    this.replicaRunning = false;
  }

  /** Starts it again on the same port; it catches up from the slot (replay is no longer paused). */
  async startReplica(): Promise<void> {
    if (this.replicaRunning) return;
    await this.pgCtlStart('replica');
    this.replicaRunning = true;
  }

  /**
   * Waits until the replica has replayed everything the primary had written when this was called.
   * Rejects after `timeoutMs` (e.g. while replay is paused).
   */
  async waitForReplay(timeoutMs = 15000): Promise<void> {
    const [{ lsn }] = await this.query<{ lsn: string }>(
      this.primaryUrl(),
      'SELECT pg_current_wal_lsn()::text AS lsn',
    );
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const replayed = await this.query<{ done: boolean }>(
        this.replicaUrl(),
        'SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS done',
        [lsn],
      ).catch(() => [{ done: false }]);
      if (replayed[0]?.done) return;
      if (Date.now() > deadline) {
        throw new Error(
          `The replica did not replay the primary's WAL up to ${lsn} in ${timeoutMs} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops both servers and removes their folder; safe to call twice or after a failed start. */
  async stop(): Promise<void> {
    process.removeListener('exit', this.exitHook);
    for (const role of ['replica', 'primary'] as const) {
      if (!existsSync(join(this.dataDir(role), 'postmaster.pid'))) continue;
      await this.pgCtl(['stop', '-D', this.dataDir(role), '-m', 'immediate', '-w']).catch(
        () => undefined,
      );
    }
    this.replicaRunning = false;
    rmSync(this.folder, { recursive: true, force: true });
  }

  private stopSync(): void {
    for (const role of ['replica', 'primary'] as const) {
      try {
        execFileSync(this.bin('pg_ctl'), ['stop', '-D', this.dataDir(role), '-m', 'immediate'], {
          ...this.execOptions(),
          stdio: 'ignore',
        });
      } catch {
        // Not running.
      }
    }
    rmSync(this.folder, { recursive: true, force: true });
  }

  private async createPrimary(): Promise<void> {
    const dataDir = await this.ownedFolder('primary');
    const pwfile = join(this.folder, 'pwfile');
    await fs.writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    await this.chown(pwfile);
    await run(
      this.bin('initdb'),
      [
        '-D',
        dataDir,
        '-U',
        POSTGRES_USER,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-sync',
      ],
      this.execOptions(),
    );
    await fs.rm(pwfile);
    await this.pgCtlStart('primary');
    // The slot keeps the WAL a stopped replica still needs, whatever the primary wrote meanwhile.
    await this.query(this.primaryUrl(), 'SELECT pg_create_physical_replication_slot($1, true)', [
      SLOT,
    ]);
  }

  private async baseBackup(): Promise<void> {
    const dataDir = await this.ownedFolder('replica');
    await run(
      this.bin('pg_basebackup'),
      [
        '-D',
        dataDir,
        '-h',
        '127.0.0.1',
        '-p',
        String(this.ports.primary),
        '-U',
        POSTGRES_USER,
        '--checkpoint=fast',
        '--wal-method=stream',
        '--no-sync',
      ],
      { ...this.execOptions(), env: { ...process.env, PGPASSWORD: PASSWORD } },
    );
  }

  /** Without pg_basebackup: a copy of the stopped primary's folder starts from its shutdown checkpoint. */
  private async coldCopy(): Promise<void> {
    await this.pgCtl(['stop', '-D', this.dataDir('primary'), '-m', 'fast', '-w']);
    const replica = await this.ownedFolder('replica');
    await run('cp', ['-a', `${this.dataDir('primary')}/.`, replica], this.execOptions());
    for (const file of ['postmaster.pid', 'postmaster.opts', 'server.log']) {
      await fs.rm(join(replica, file), { force: true });
    }
    // The slot belongs to the primary; a copy on the standby would only hold its WAL back.
    for (const slot of readdirSync(join(replica, 'pg_replslot'))) {
      await fs.rm(join(replica, 'pg_replslot', slot), { recursive: true, force: true });
    }
    await this.pgCtlStart('primary');
  }

  private async configureReplica(): Promise<void> {
    const dataDir = this.dataDir('replica');
    const conninfo =
      `host=127.0.0.1 port=${this.ports.primary} user=${POSTGRES_USER} ` +
      `password=${PASSWORD} application_name=folio_replica`;
    await fs.appendFile(
      join(dataDir, 'postgresql.auto.conf'),
      `primary_conninfo = '${conninfo}'\nprimary_slot_name = '${SLOT}'\n`,
    );
    await fs.writeFile(join(dataDir, 'standby.signal'), '');
    await this.chown(join(dataDir, 'postgresql.auto.conf'));
    await this.chown(join(dataDir, 'standby.signal'));
  }

  private async pgCtlStart(role: 'primary' | 'replica'): Promise<void> {
    const settings = [
      `-p ${this.ports[role]}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=''`,
      '-c max_connections=200',
      // Throwaway test data: no fsync. synchronous_commit stays on so that a commit's WAL is
      // flushed, hence sent to the replica, at once (with it off the WAL writer waits up to 200 ms).
      '-c fsync=off',
      '-c full_page_writes=off',
      // Frequent feedback: the primary's view of the replica's replay position stays close.
      '-c wal_receiver_status_interval=1s',
    ].join(' ');
    const logFile = join(this.dataDir(role), 'server.log');
    try {
      await this.pgCtl([
        'start',
        '-D',
        this.dataDir(role),
        '-w',
        '-t',
        '60',
        '-l',
        logFile,
        '-o',
        settings,
      ]);
    } catch (error) {
      const lines = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n') : [];
      throw new Error(
        `The test PostgreSQL ${role} did not start on port ${this.ports[role]}: ` +
          (lines.slice(-3).join(' | ') || (error as Error).message),
      );
    }
  }

  private async pgCtl(args: string[]): Promise<void> {
    await run(this.bin('pg_ctl'), args, this.execOptions());
  }

  private async query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  private url(port: number, database: string): string {
    return `postgres://${POSTGRES_USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  }

  private dataDir(role: 'primary' | 'replica'): string {
    return join(this.folder, role);
  }

  private async ownedFolder(role: 'primary' | 'replica'): Promise<string> {
    const dir = this.dataDir(role);
    await fs.mkdir(dir, { mode: 0o700 });
    await this.chown(dir);
    return dir;
  }

  /** The server's files belong to the user it runs as; the folder holding them stays ours. */
  private async chown(path: string): Promise<void> {
    if (this.runAs.uid === undefined) return;
    await fs.chown(path, this.runAs.uid, this.runAs.gid ?? this.runAs.uid);
  }

  private bin(name: string): string {
    return join(this.binDir, name);
  }

  private execOptions() {
    return { ...this.runAs, cwd: this.folder, env: { ...process.env, LC_ALL: 'C' } };
  }
}

/** The newest of the machine's PostgreSQL installations that has pg_basebackup, if any. */
function machineBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  return readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'))
    .find((bin) => existsSync(join(bin, 'pg_basebackup')) && existsSync(join(bin, 'pg_ctl')));
}
