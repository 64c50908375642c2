import { ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { MIGRATION_LOCK } from '../libs/database/database.module';
import { testPort } from './support/test-port';
import { processesUsing, programsUsing } from './support/built-app';
import {
  isListening,
  isRunning,
  killAll,
  launchFolio,
  LaunchedFolio,
  processesWithEnvironment,
  waitForDbStatus,
  waitForExit,
} from './support/launched-process';
import { createTestDatabase } from './support/test-app';
import { tempFolderForPostgres } from './support/temp-folder';
import { waitFor } from './support/wait-for';

const ROOT = join(__dirname, '..');
const USER_NODE_OPTIONS = '--max-old-space-size=900';

/** The environment variable `name` of a running process, from /proc. */
function environmentOf(pid: number, name: string): string | undefined {
  const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
    .split('\0')
    .find((line) => line.startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}

/** V8's heap limit, in MB, of a Node started with these NODE_OPTIONS. */
function heapLimitMb(nodeOptions: string): number {
  const out = execFileSync(
    process.execPath,
    ['-p', "require('v8').getHeapStatistics().heap_size_limit / 1048576"],
    { env: { PATH: process.env.PATH, NODE_OPTIONS: nodeOptions }, encoding: 'utf8' },
  );
  return Math.round(Number(out));
}

/**
 * `npm start` as a process manager runs it (systemd, a container runtime, CI): npm's own pid, in the
 * manager's process group, no terminal; the manager later signals that pid and only that pid.
 */
class NpmStart {
  readonly child: ChildProcess;
  private readonly launched: LaunchedFolio;
  readonly startedAt = Date.now();

  constructor(
    readonly port: number,
    readonly dataDir: string,
    pgPort: number,
    command: string[] = ['npm', 'start'],
  ) {
    this.launched = launchFolio(command, {
      cwd: ROOT,
      env: {
        HOME: process.env.HOME,
        PORT: String(port),
        EMBEDDED_PG_DATA: dataDir,
        EMBEDDED_PG_PORT: String(pgPort),
        LOG_LEVEL: 'warn',
        // A user's own heap limit: it must win over Folio's (scripts/node-heap.ts).
        NODE_OPTIONS: USER_NODE_OPTIONS,
      },
    });
    this.child = this.launched.child;
  }

  log(): string {
    return this.launched.log();
  }

  /** Milliseconds from spawn to /db-status connected. */
  async ready(timeoutMs: number): Promise<number> {
    await waitForDbStatus(`http://127.0.0.1:${this.port}`, this.child, timeoutMs, () => this.log());
    return Date.now() - this.startedAt;
  }
}

describe('npm start under a process manager', () => {
  let folder: string;
  let dataDir: string;

  beforeAll(() => {
    folder = tempFolderForPostgres('folio-npm-start-');
    dataDir = join(folder, 'pg');
  });

  afterAll(() => {
    // Whatever the old `npm start` left behind: the app (found by its environment) and its PostgreSQL.
    killAll([...processesWithEnvironment('EMBEDDED_PG_DATA', dataDir), ...processesUsing(dataDir)]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('SIGTERM to npm stops the app and its PostgreSQL, and npm exits', async () => {
    const npm = new NpmStart(await testPort(), dataDir, await testPort());
    // The first start may build everything (the web site takes most of it).
    await npm.ready(240_000);

    // The server runs with Folio's heap limit (a lower RSS under load), the user's own after it.
    const servers = processesWithEnvironment('EMBEDDED_PG_DATA', dataDir).filter((pid) =>
      readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/src/main.js'),
    );
    const options = servers.map((pid) => environmentOf(pid, 'NODE_OPTIONS'));
    expect(options).toEqual([`--max-old-space-size=1024 ${USER_NODE_OPTIONS}`]);
    expect(heapLimitMb(options[0] as string)).toBeLessThan(1000);
    expect(heapLimitMb('--max-old-space-size=1024')).toBeGreaterThan(1000);

    npm.child.kill('SIGTERM');
    await expect(waitForExit(npm.child, 30_000)).resolves.toBe(0);
    await expect(isListening(npm.port)).resolves.toBe(false);
    expect(processesWithEnvironment('EMBEDDED_PG_DATA', dataDir)).toEqual([]);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 300_000);

  it('SIGTERM while it starts (its PostgreSQL up, the app not yet listening) stops both', async () => {
    const pgPort = await testPort();
    const npm = new NpmStart(await testPort(), dataDir, pgPort);
    // A process manager giving up on a slow start: the signal comes as soon as PostgreSQL listens.
    await waitFor(
      'the embedded PostgreSQL to listen',
      () => {
        if (npm.child.exitCode !== null) throw new Error(npm.log());
        return isListening(pgPort);
      },
      120_000,
    );
    expect(await isListening(npm.port)).toBe(false);
    npm.child.kill('SIGTERM');
    await expect(waitForExit(npm.child, 30_000)).resolves.toBe(0);
    await expect(isListening(pgPort)).resolves.toBe(false);
    expect(processesWithEnvironment('EMBEDDED_PG_DATA', dataDir)).toEqual([]);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 180_000);

  it('SIGTERM while the start waits on the migration lock (its own PostgreSQL) stops it at once', async () => {
    const database = await createTestDatabase({ migrated: false });
    // Another instance applying migrations holds the lock.
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
      const launched = launchFolio([process.execPath, 'dist/src/main.js'], {
        cwd: ROOT,
        env: { PORT: String(await testPort()), DATABASE_URL: database.url, LOG_LEVEL: 'info' },
      });
      // Loading the app takes seconds on a busy machine: the wait is for a state, not a speed.
      await waitFor(
        'the start to wait on the lock',
        async () => {
          const { rows } = await holder.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
          );
          return rows[0].n > 0;
        },
        60_000,
      );
      launched.child.kill('SIGTERM');
      await expect(waitForExit(launched.child, 10_000)).resolves.toBe(0);
      // A supervisor's log says why it stopped (Nest held these lines while it built the app).
      const messages = launched
        .log()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages).toEqual(
        expect.arrayContaining(['SIGTERM received while starting: stopping', 'Folio stopped']),
      );
    } finally {
      await holder.end();
      await database.drop();
    }
  }, 120_000);

  // As a terminal's Ctrl-C or systemd's control-group stop: the signal reaches Folio's children too.
  // pg_ctl's server leaves the group, so nothing but Folio stops a server whose pg_ctl the signal killed.
  it.each([
    ['initdb creating the cluster', ['initdb'], 700],
    ['pg_ctl waiting on the server it launched', ['pg_ctl', 'postgres'], 0],
  ])(
    'a stop signal to the whole group during the first start (%s) stops cleanly, and the next start works',
    async (_stage, commands, settleMs) => {
      const fresh = join(folder, `pg-interrupted-${commands[0]}`);
      const env = { PORT: String(await testPort()), EMBEDDED_PG_DATA: fresh, LOG_LEVEL: 'info' };
      const interrupted = launchFolio([process.execPath, 'dist/src/main.js'], {
        cwd: ROOT,
        env: { ...env, EMBEDDED_PG_PORT: String(await testPort()) },
        detached: true,
      });
      try {
        await waitFor(
          `${commands.join(' and ')} to run`,
          () => {
            if (interrupted.child.exitCode !== null) throw new Error(interrupted.log());
            const running = programsUsing(fresh);
            return commands.every((command) =>
              running.some((path) => path.endsWith(`/${command}`)),
            );
          },
          60_000,
        );
        // Into initdb's bootstrap, where it checks for a signal (at its very start it finishes regardless).
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        process.kill(-(interrupted.child.pid as number), 'SIGTERM');
        await expect(waitForExit(interrupted.child, 30_000)).resolves.toBe(0);
        expect(interrupted.log()).toContain('Folio stopped');
        expect(interrupted.log()).not.toMatch(/could not start|Command failed|initdb -D/);
        // initdb's own child got the group's signal too and ends by itself, a moment after Folio on a
        // loaded machine: nothing may be left soon after.
        await waitFor(
          'the interrupted start to leave no process',
          () => processesUsing(fresh).length === 0,
          10_000,
        );
      } finally {
        // A failed step leaves nothing running: the detached start (its own group) and its server.
        if (isRunning(interrupted.child))
          process.kill(-(interrupted.child.pid as number), 'SIGKILL');
        killAll(processesUsing(fresh));
      }

      const next = launchFolio([process.execPath, 'dist/src/main.js'], {
        cwd: ROOT,
        env: { ...env, EMBEDDED_PG_PORT: String(await testPort()) },
      });
      try {
        await waitForDbStatus(`http://127.0.0.1:${env.PORT}`, next.child, 120_000, () =>
          next.log(),
        );
      } finally {
        next.child.kill('SIGTERM');
        await waitForExit(next.child, 30_000);
      }
    },
    240_000,
  );

  // Builds nothing: the figures (ready after npm start vs node dist/src/main.js) are printed, not asserted:
  // speed is the benchmark's to measure, and a timed assertion fails on a busy machine.
  it('builds nothing when nothing changed', async () => {
    const warm = new NpmStart(await testPort(), dataDir, await testPort());
    await warm.ready(240_000);
    warm.child.kill('SIGTERM');
    await expect(waitForExit(warm.child, 30_000)).resolves.toBe(0);
    const built = statSync(join(ROOT, 'dist/src/main.js')).mtimeMs;

    const direct = new NpmStart(await testPort(), dataDir, await testPort(), [
      process.execPath,
      'dist/src/main.js',
    ]);
    const directMs = await direct.ready(60_000);
    direct.child.kill('SIGTERM');
    await expect(waitForExit(direct.child, 30_000)).resolves.toBe(0);

    const npm = new NpmStart(await testPort(), dataDir, await testPort());
    const npmMs = await npm.ready(60_000);
    npm.child.kill('SIGTERM');
    await expect(waitForExit(npm.child, 30_000)).resolves.toBe(0);

    console.log(
      `ready: node dist/src/main.js ${directMs} ms, npm start (nothing changed) ${npmMs} ms`,
    );
    expect(statSync(join(ROOT, 'dist/src/main.js')).mtimeMs).toBe(built);
    expect(npm.log()).not.toMatch(/Folio: building/);
  }, 360_000);
});

describe('npm run start:prod', () => {
  it('says in one line to build first when there is no build, instead of a stack', () => {
    const folder = mkdtempSync(join(tmpdir(), 'folio-start-prod-'));
    try {
      copyFileSync(join(ROOT, 'package.json'), join(folder, 'package.json'));
      const run = spawnSync('npm', ['run', '-s', 'start:prod'], { cwd: folder, encoding: 'utf8' });
      expect([run.status, run.stderr.trim()]).toEqual([
        1,
        'Folio is not built: run npm run build first',
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
