import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

// What running PostgreSQL needs from the host: a user to run as, reachable folders, a port.

const run = promisify(execFile);

export const POSTGRES_USER = 'postgres';

/** A port nothing listens on right now, for servers whose port does not matter (tests). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres user, when we run as someone else).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (created if needed). */
export async function resolveRunAs(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([
      run('id', ['-u', POSTGRES_USER]),
      run('id', ['-g', POSTGRES_USER]),
    ]);
    return { uid: Number.parseInt(uid, 10), gid: Number.parseInt(gid, 10) };
  };
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', POSTGRES_USER]);
    return ids();
  }
}

/**
 * The first folder, from `path` up to /, that `uid` may not pass through (neither its owner nor allowed
 * to search it as "others"); undefined when the whole way is open.
 */
export function closedFolder(path: string, uid: number): string | undefined {
  let dir = path;
  while (true) {
    if (existsSync(dir)) {
      const stat = statSync(dir);
      if (stat.uid !== uid && (stat.mode & 0o001) === 0) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** A start's notices; `warn` for those that risk data (a cluster in a folder emptied at boot). */
export type StartLog = (line: string, level?: 'warn') => void;

/** Where a cluster goes when its checkout is closed to the postgres user: kept across reboots. */
export const STATE_DIR = '/var/lib/folio';

/**
 * When PostgreSQL runs as another user, every folder above its data folder must let that user through.
 * A checkout under /root does not: the cluster then lives in STATE_DIR, keyed by the checkout's data
 * folder. Before, it lived in the temp folder, which many systems empty at boot: a cluster found there
 * is used where it is, with a warning saying how to move it.
 */
export function reachableDataDir(
  dataDir: string,
  runAs: { uid?: number },
  log: StartLog,
  stateDir = STATE_DIR,
): string {
  if (runAs.uid === undefined) return dataDir;
  const closed = closedFolder(dirname(dataDir), runAs.uid);
  if (closed === undefined) return dataDir;
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const kept = join(stateDir, `postgres-${key}`);
  const temporary = join(tmpdir(), `folio-postgres-${key}`);
  if (!existsSync(join(kept, 'PG_VERSION')) && existsSync(join(temporary, 'PG_VERSION'))) {
    log(
      `The embedded cluster is in ${temporary}, a temp folder the system may empty at boot: ` +
        `stop Folio, then \`npm run db:stop && mkdir -p -m 755 ${stateDir} && mv ${temporary} ${kept}\` to keep it`,
      'warn',
    );
    return temporary;
  }
  if (!existsSync(kept) && !writable(dirname(stateDir))) {
    log(
      `${closed} is closed to the postgres user and ${dirname(stateDir)} cannot be written: keeping the ` +
        `embedded cluster in ${temporary}, which the system may empty at boot (set EMBEDDED_PG_DATA to a folder the postgres user can reach)`,
      'warn',
    );
    return temporary;
  }
  log(`${closed} is closed to the postgres user; keeping the embedded cluster in ${kept}`);
  return kept;
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** What `read()` returns, or `fallback` when the file it reads does not exist; any other error is thrown. */
export function unlessMissing<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
}

/**
 * `execFile` for a command in a process group of its own (execFile passes no `detached` to spawn): the
 * group's stop signals do not reach it. Fails with its standard error when it exits other than 0.
 */
export function runOwnGroup(
  file: string,
  args: string[],
  options: { uid?: number; gid?: number; cwd: string; env: NodeJS.ProcessEnv },
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      ...options,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const stderr: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolvePromise();
      const said = Buffer.concat(stderr).toString('utf8').trim();
      reject(new Error(`${file} exited with ${signal ?? code}${said ? `: ${said}` : ''}`));
    });
  });
}
