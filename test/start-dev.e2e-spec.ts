import { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../libs/database/embedded-postgres-host';
import { processesUsing } from './support/built-app';
import { ProjectCopy } from './support/project-copy';
import {
  isListening,
  killAll,
  killNow,
  launchFolio,
  processesWithEnvironment,
  waitForDbStatus,
  waitForExit,
} from './support/launched-process';
import { tempFolderForPostgres } from './support/temp-folder';
import { waitFor } from './support/wait-for';

function postmasterPid(dataDir: string): number {
  return Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
}

// In a project folder whose path has a space, as "/home/me/My Projects/blog" has: Nest's CLI quotes such
// an entry path for a shell, and without one the app could not start.
describe('npm run start:dev, in a folder with a space in its path', () => {
  let project: ProjectCopy;
  let folder: string;
  let dataDir: string;
  let probe: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    project = ProjectCopy.create('folio dev project-');
    folder = tempFolderForPostgres('folio-start-dev-');
    dataDir = join(folder, 'pg');
    probe = project.path('src', 'dev-reload-probe.ts');
  });

  afterAll(() => {
    killNow(child);
    killAll([...processesWithEnvironment('EMBEDDED_PG_DATA', dataDir), ...processesUsing(dataDir)]);
    rmSync(folder, { recursive: true, force: true });
    project.remove();
  });

  it('keeps one PostgreSQL across reloads, and SIGTERM to npm stops everything', async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const dev = launchFolio(['npm', 'run', 'start:dev'], {
      cwd: project.folder,
      env: {
        HOME: process.env.HOME,
        PORT: String(port),
        EMBEDDED_PG_DATA: dataDir,
        EMBEDDED_PG_PORT: String(await freePort()),
        LOG_LEVEL: 'info',
      },
    });
    child = dev.child;
    const { output } = dev;
    const log = () => dev.log();
    const starts = () => output.stdout.join('').split('Folio is listening').length - 1;

    await waitForDbStatus(baseUrl, child, 180_000, log);
    const postgres = postmasterPid(dataDir);
    // pino writes standard output asynchronously: the line may follow the answer by a moment.
    await waitFor('the first start in the log', () => starts() === 1);

    // A new source file is a change the watcher compiles and restarts the app for.
    const changedAt = Date.now();
    writeFileSync(probe, `export const reloadProbe = ${changedAt};\n`);
    const deadline = Date.now() + 120_000;
    while (starts() < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(starts()).toBe(2);
    await waitForDbStatus(baseUrl, child, 30_000, log);
    console.log(`start:dev reload: change to /db-status connected in ${Date.now() - changedAt} ms`);
    // The same server, never stopped: the app restarted, the database did not.
    expect(postmasterPid(dataDir)).toBe(postgres);
    expect(processesUsing(dataDir)).toContain(postgres);

    child.kill('SIGTERM');
    await expect(waitForExit(child, 30_000)).resolves.toBe(0);
    await expect(isListening(port)).resolves.toBe(false);
    expect(processesWithEnvironment('EMBEDDED_PG_DATA', dataDir)).toEqual([]);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 360_000);
});
