import { execFile, execFileSync } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inProject } from '../project/project-root';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { findBinaries } from './embedded-postgres-binaries';
import {
  freePort,
  isAlive,
  POSTGRES_USER,
  reachableDataDir,
  STATE_DIR,
  resolveRunAs,
  runOwnGroup,
  type StartLog,
  unlessMissing,
} from './embedded-postgres-host';
import { withStartLock } from './embedded-postgres-start-lock';
import { ServerUsers } from './embedded-postgres-users';
import { StartupError } from './startup-error';

const run = promisify(execFile);

export interface EmbeddedPostgresOptions {
  /** Folder of the cluster; created with initdb on first use and reused afterwards. */
  dataDir: string;
  /** 0: any free port. A server found already running keeps the port it has. */
  port: number;
  /** Database created on start when missing. */
  database: string;
  /** Trade durability for speed (tests): no fsync, no synchronous commit. */
  ephemeral?: boolean;
  log?: StartLog;
}

const USER = POSTGRES_USER;
const PASSWORD = 'postgres';
/** How many free ports a start tries when it picks the port itself. */
const PORT_PICKS = 3;

/** PostgreSQL could not listen: another program holds the port. */
class PortTakenError extends StartupError {}

/**
 * A real PostgreSQL server run from the binaries that the `embedded-postgres` package ships.
 *
 * We drive `initdb` and `pg_ctl` ourselves instead of using the package's class: importing it installs
 * process-wide SIGINT/SIGTERM handlers that exit the process before Nest has drained its requests.
 * `pg_ctl` also lets us find a server that a killed process left running and reuse it.
 */
export class EmbeddedPostgres {
  private constructor(
    private readonly options: EmbeddedPostgresOptions,
    private readonly binDir: string,
    private readonly dataDir: string,
    private readonly runAs: { uid?: number; gid?: number },
    /** False when we found the server already running and merely joined it. */
    readonly owned: boolean,
  ) {
    this.users = new ServerUsers(dataDir);
  }

  /** Who uses the server (this instance among them from start() until it leaves): the last stops it. */
  private readonly users: ServerUsers;

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/${this.options.database}`;
  }

  /** The URL of the maintenance database, for creating and dropping databases. */
  get adminUrl(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/postgres`;
  }

  static async start(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
    const log = options.log ?? (() => undefined);
    const runAs = await resolveRunAs();
    const binDir = await findBinaries(runAs, log);
    const dataDir = reachableDataDir(inProject(options.dataDir), runAs, log);
    // Two Folios started at once (two terminals, npm start beside start:dev) take turns: the second
    // finds the first's server ready and joins it, instead of starting a second one or reading a server
    // that is still starting as stuck.
    const server = await withStartLock(dataDir, log, () =>
      EmbeddedPostgres.startOrJoin(options, binDir, dataDir, runAs, log),
    );
    await server.users.register();
    return server;
  }

  private static async startOrJoin(
    options: EmbeddedPostgresOptions,
    binDir: string,
    dataDir: string,
    runAs: { uid?: number; gid?: number },
    log: StartLog,
  ): Promise<EmbeddedPostgres> {
    const probe = new EmbeddedPostgres(options, binDir, dataDir, runAs, false);

    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await probe.initdb(log);
    }
    const running = probe.running();
    if (running !== undefined) {
      // It listens where it was started, whatever port this start asked for.
      const found = { ...options, port: running.port };
      const joined = new EmbeddedPostgres(found, binDir, dataDir, runAs, false);
      if (await joined.accepts()) {
        // Another live Folio process started it: join. Its starter is gone (killed): adopt it, so that
        // this process stops it on exit and nothing is left behind.
        const owner = joined.ownerPid();
        const adopt = owner === undefined || !isAlive(owner);
        const server = adopt ? new EmbeddedPostgres(found, binDir, dataDir, runAs, true) : joined;
        if (adopt) await server.writeOwner();
        log(
          `${adopt ? 'Adopting the embedded PostgreSQL left running' : 'Joining the embedded PostgreSQL'} ` +
            `(pid ${running.pid}) on port ${running.port}`,
        );
        await server.ensureDatabase();
        return server;
      }
      throw new StartupError(
        `An embedded PostgreSQL (pid ${running.pid}) holds ${dataDir} but does not answer on port ` +
          `${running.port}; stop it with "npm run db:stop" or kill ${running.pid}`,
      );
    }

    const server = await EmbeddedPostgres.startOnPort(
      options.port,
      (port) => new EmbeddedPostgres({ ...options, port }, binDir, dataDir, runAs, true),
      log,
    );
    await server.writeOwner();
    await server.ensureDatabase();
    log(`Embedded PostgreSQL ready on 127.0.0.1:${server.options.port} (data in ${dataDir})`);
    return server;
  }

  /**
   * Starts the server (`serverOn` the port) on the port asked for or, for port 0, on a free one. A free port is free when it
   * is picked, not when PostgreSQL binds it a moment later: another program can take it in between.
   * Then another is picked, a few times; a port someone chose is theirs to change.
   */
  private static async startOnPort(
    asked: number,
    serverOn: (port: number) => EmbeddedPostgres,
    log: StartLog,
  ): Promise<EmbeddedPostgres> {
    for (let attempt = 1; ; attempt++) {
      const port = asked === 0 ? await freePort() : asked;
      const server = serverOn(port);
      try {
        await server.pgCtlStart();
        return server;
      } catch (error) {
        if (!(error instanceof PortTakenError) || asked !== 0 || attempt === PORT_PICKS) {
          throw error;
        }
        log(
          `Port ${port} was taken before the embedded PostgreSQL could listen on it; trying another`,
        );
      }
    }
  }

  /**
   * Lets the server go: the last process using it stops it, whoever started it. A Folio that joined
   * another's server keeps working when that one stops, and stops the server itself when it ends.
   */
  async stop(): Promise<void> {
    if (!this.users.leave()) return;
    try {
      await run(
        this.bin('pg_ctl'),
        ['stop', '-D', this.dataDir, '-m', 'fast', '-w'],
        this.execOptions(),
      );
    } catch (error) {
      // Two last users leaving at the same moment both stop it; the second finds it stopped.
      if (this.running() !== undefined) throw error;
    }
  }

  /** For `process.on('exit')`, where nothing asynchronous runs any more. */
  stopSync(): void {
    if (!this.users.leave()) return;
    try {
      execFileSync(this.bin('pg_ctl'), ['stop', '-D', this.dataDir, '-m', 'fast', '-w'], {
        ...this.execOptions(),
        stdio: 'ignore',
      });
    } catch {
      // Already stopped.
    }
  }

  /** Stops whatever server runs on this data folder, ours or a leftover one. */
  static async stopAny(options: Pick<EmbeddedPostgresOptions, 'dataDir'>): Promise<boolean> {
    const runAs = await resolveRunAs();
    const binDir = await findBinaries(runAs);
    const dataDir = reachableDataDir(inProject(options.dataDir), runAs, () => undefined);
    if (!existsSync(join(dataDir, 'postmaster.pid'))) return false;
    await run(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '-w'], {
      ...runAs,
      cwd: dataDir,
    });
    return true;
  }

  private bin(name: string): string {
    return join(this.binDir, name);
  }

  private execOptions() {
    return { ...this.runAs, cwd: this.dataDir, env: { ...process.env, LC_ALL: 'C' } };
  }

  private async initdb(log: StartLog): Promise<void> {
    log(`Creating an embedded PostgreSQL cluster in ${this.dataDir}`);
    await fs.mkdir(dirname(this.dataDir), { recursive: true });
    // Open to the postgres user whatever root's umask (0027 on hardened hosts would close it).
    if (dirname(this.dataDir) === STATE_DIR) await fs.chmod(STATE_DIR, 0o755);
    await fs.mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    if (this.runAs.uid !== undefined) {
      await fs.chown(this.dataDir, this.runAs.uid, this.runAs.gid ?? this.runAs.uid);
    }
    // initdb wants an empty data folder, so the password file lives beside it while it runs.
    const pwfile = join(tmpdir(), `folio-pg-pw-${process.pid}-${Date.now()}`);
    await fs.writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
    if (this.runAs.uid !== undefined) {
      await fs.chown(pwfile, this.runAs.uid, this.runAs.gid ?? this.runAs.uid);
    }
    try {
      await run(
        this.bin('initdb'),
        [
          '-D',
          this.dataDir,
          '-U',
          USER,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale-provider=builtin',
          '--builtin-locale=C.UTF-8',
          '--locale=C',
          ...(this.options.ephemeral ? ['--no-sync'] : []),
        ],
        this.execOptions(),
      );
    } finally {
      await fs.rm(pwfile, { force: true });
    }
  }

  private async pgCtlStart(): Promise<void> {
    const settings = [
      `-p ${this.options.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=''`,
      '-c max_connections=200',
      ...(this.options.ephemeral
        ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']
        : []),
    ].join(' ');
    const logStart = this.logSize();
    try {
      // In a process group of its own: a Ctrl-C or a manager's group stop that lands while it waits would
      // kill pg_ctl but not the server it launched (PostgreSQL leaves the group), and nobody would stop
      // that server. Let alone, pg_ctl returns and the signal's handler stops the server it started.
      await runOwnGroup(
        this.bin('pg_ctl'),
        [
          'start',
          '-D',
          this.dataDir,
          '-w',
          '-t',
          '60',
          '-l',
          join(this.dataDir, 'server.log'),
          '-o',
          settings,
        ],
        this.execOptions(),
      );
    } catch (error) {
      // A server still starting after pg_ctl gave up (its 60 s): not left behind for the next start.
      if (this.running() !== undefined) {
        await run(
          this.bin('pg_ctl'),
          ['stop', '-D', this.dataDir, '-m', 'immediate', '-w'],
          this.execOptions(),
        ).catch(() => undefined);
      }
      // This start's lines only: server.log keeps every earlier start, and PostgreSQL reports a taken
      // port several lines above its last ones.
      const lines = this.logSince(logStart);
      const failed = `The embedded PostgreSQL did not start on port ${this.options.port}`;
      if (lines.some((line) => line.includes('Address already in use'))) {
        throw new PortTakenError(
          `${failed}: the port is taken by another program (set EMBEDDED_PG_PORT)`,
        );
      }
      throw new StartupError(
        `${failed}: ${lines.slice(-3).join(' | ') || (error as Error).message}`,
      );
    }
  }

  private logSize(): number {
    return unlessMissing(() => statSync(join(this.dataDir, 'server.log')).size, 0);
  }

  private logSince(offset: number): string[] {
    const log = unlessMissing(() => readFileSync(join(this.dataDir, 'server.log')), undefined);
    if (!log) return [];
    return log.subarray(offset).toString('utf8').trim().split('\n').filter(Boolean);
  }

  private ownerFile(): string {
    return join(this.dataDir, 'folio-owner.pid');
  }

  private ownerPid(): number | undefined {
    const text = unlessMissing(() => readFileSync(this.ownerFile(), 'utf8'), undefined);
    const pid = text === undefined ? NaN : Number.parseInt(text, 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  }

  private async writeOwner(): Promise<void> {
    await fs.writeFile(this.ownerFile(), `${process.pid}\n`);
  }

  /** The server running on this data folder, from its postmaster.pid (pid on line 1, port on line 4). */
  private running(): { pid: number; port: number } | undefined {
    const text = unlessMissing(
      () => readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8'),
      '',
    );
    if (!text) return undefined;
    const lines = text.split('\n');
    const pid = Number.parseInt(lines[0] ?? '', 10);
    const port = Number.parseInt(lines[3] ?? '', 10);
    // A dead pid means a stale file, which PostgreSQL itself clears on start.
    if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
    return { pid, port: Number.isInteger(port) && port > 0 ? port : this.options.port };
  }

  private async accepts(): Promise<boolean> {
    const client = adminClient(this.adminUrl, 3000);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async ensureDatabase(): Promise<void> {
    const client = adminClient(this.adminUrl);
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [
        this.options.database,
      ]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(this.options.database)}`);
      }
    } catch (error) {
      // Two processes may create it at once; the loser sees duplicate_database.
      if ((error as { code?: string }).code !== '42P04') throw error;
    } finally {
      await client.end();
    }
  }
}

/**
 * A short-lived client of the embedded server. Its failures reach the calls awaited on it; the listener
 * keeps one that arrives between them (PostgreSQL stopping under a start: 57P01 on an idle or ending
 * connection) from being an unhandled 'error' event, which would crash the process.
 */
function adminClient(connectionString: string, connectionTimeoutMillis?: number): Client {
  const client = new Client({ connectionString, connectionTimeoutMillis });
  client.on('error', () => undefined);
  return client;
}
