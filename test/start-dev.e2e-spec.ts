import { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { testPort } from './support/test-port';
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

const DEV_PROBE_MIGRATION = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class DevProbe1999999999999 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE dev_probe (id integer)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dev_probe');
  }
}
`;

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

  it('keeps one PostgreSQL across reloads, applies a new migration but not a deleted one, and SIGTERM to npm stops everything', async () => {
    const port = await testPort();
    const databasePort = await testPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const dev = launchFolio(['npm', 'run', 'start:dev'], {
      cwd: project.folder,
      env: {
        HOME: process.env.HOME,
        PORT: String(port),
        EMBEDDED_PG_DATA: dataDir,
        EMBEDDED_PG_PORT: String(databasePort),
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

    const restarted = async (count: number) => {
      const deadline = Date.now() + 120_000;
      while (starts() < count && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(starts()).toBe(count);
      await waitForDbStatus(baseUrl, child as ChildProcess, 30_000, log);
    };

    // A new source file is a change the watcher compiles and restarts the app for.
    const changedAt = Date.now();
    writeFileSync(probe, `export const reloadProbe = ${changedAt};\n`);
    await restarted(2);
    console.log(`start:dev reload: change to /db-status connected in ${Date.now() - changedAt} ms`);
    // The same server, never stopped: the app restarted, the database did not.
    expect(postmasterPid(dataDir)).toBe(postgres);
    expect(processesUsing(dataDir)).toContain(postgres);

    // A new migration is applied at the restart it causes. Reverted and deleted, it stays gone: the
    // watcher's build folder still holds it compiled, and the app applied it again from there.
    const database = new Client({
      connectionString: `postgres://postgres:postgres@127.0.0.1:${databasePort}/folio`,
    });
    await database.connect();
    try {
      const applied = async () =>
        (
          await database.query<{ present: boolean }>(
            `SELECT to_regclass('dev_probe') IS NOT NULL
                 OR EXISTS (SELECT 1 FROM migrations WHERE name = 'DevProbe1999999999999') AS present`,
          )
        ).rows[0].present;
      writeFileSync(project.path('migrations', '1999999999999-DevProbe.ts'), DEV_PROBE_MIGRATION);
      await restarted(3);
      await expect(applied()).resolves.toBe(true);
      // What `npm run migration:revert` does, then the file deleted.
      await database.query('DROP TABLE dev_probe');
      await database.query(`DELETE FROM migrations WHERE name = 'DevProbe1999999999999'`);
      rmSync(project.path('migrations', '1999999999999-DevProbe.ts'));
      writeFileSync(probe, `export const reloadProbe = ${Date.now()};\n`);
      await restarted(4);
      await expect(applied()).resolves.toBe(false);
    } finally {
      await database.end();
    }

    child.kill('SIGTERM');
    await expect(waitForExit(child, 30_000)).resolves.toBe(0);
    await expect(isListening(port)).resolves.toBe(false);
    expect(processesWithEnvironment('EMBEDDED_PG_DATA', dataDir)).toEqual([]);
    expect(processesUsing(dataDir)).toEqual([]);
  }, 360_000);
});
