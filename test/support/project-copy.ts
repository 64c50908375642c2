import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { lateBound } from './late-bound';
import { createTestDatabase, TestDatabase } from './test-app';

const ROOT = resolve(__dirname, '..', '..');

/** What a developer's checkout needs for the migration commands and `npm run build:api`. */
const PROJECT_FILES = [
  'src',
  'libs',
  'migrations',
  'scripts',
  'ormconfig.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsconfig.dev.json',
  'nest-cli.json',
  'package.json',
  '.prettierrc',
  '.dependency-cruiser.cjs',
];

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A copy of the project in a temp folder, sharing node_modules, where a test may add modules and
 * migrations and run the commands a developer runs, without touching the work tree.
 */
export class ProjectCopy {
  private constructor(readonly folder: string) {}

  /** `prefix`: the folder's name before mkdtemp's random part (a space in it, as in "My Projects"). */
  static create(prefix = 'folio-project-'): ProjectCopy {
    const folder = mkdtempSync(join(tmpdir(), prefix));
    for (const entry of PROJECT_FILES) {
      cpSync(join(ROOT, entry), join(folder, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'));
    return new ProjectCopy(folder);
  }

  path(...parts: string[]): string {
    return join(this.folder, ...parts);
  }

  /** `command args…` in the copy, with exactly `env` (plus PATH and HOME), as a terminal would run it. */
  run(
    command: string,
    args: string[],
    env: Record<string, string>,
    timeout = 60_000,
  ): Promise<CommandResult> {
    return new Promise((done) => {
      execFile(
        command,
        args,
        {
          cwd: this.folder,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
          timeout,
        },
        (error, stdout, stderr) =>
          done({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout,
            stderr,
          }),
      );
    });
  }

  remove(): void {
    rmSync(this.folder, { recursive: true, force: true });
  }
}

/** A project copy, a database of its own with no migrations applied, and a client on that database. */
export interface MigrationWorkspace {
  project: ProjectCopy;
  database: TestDatabase;
  db: Client;
}

/** The migration workspace of one describe block: made in its beforeAll, removed in its afterAll. */
export function useMigrationWorkspace(): MigrationWorkspace {
  const current: Partial<MigrationWorkspace> = {};
  beforeAll(async () => {
    current.project = ProjectCopy.create();
    current.database = await createTestDatabase({ migrated: false });
    current.db = new Client({ connectionString: current.database.url });
    await current.db.connect();
  });
  afterAll(async () => {
    await current.db?.end();
    await current.database?.drop();
    current.project?.remove();
  });
  return lateBound('useMigrationWorkspace', ['project', 'database', 'db'], () =>
    current.db ? (current as MigrationWorkspace) : undefined,
  );
}
