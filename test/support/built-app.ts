import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { testPort } from './test-port';
import { EmbeddedPostgres } from '../../libs/database/embedded-postgres';
import {
  killNow,
  launchFolio,
  LaunchedFolio,
  waitForAnswer,
  waitForExit,
} from './launched-process';
import { tempFolderForPostgres } from './temp-folder';

const ROOT = join(__dirname, '..', '..');

/**
 * Builds the API into dist/ when its sources changed since the last build (`npm run build -- --changed
 * api`, which stamps it as `npm start` does), before any test file runs: the files that run the real
 * process run at once in several workers, and a build there would empty dist/ under another's process.
 */
export function buildApiIfChanged(): void {
  const result = spawnSync('npm', ['run', '-s', 'build', '--', '--changed', 'api'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`npm run build -- --changed api failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Process ids whose command line names `folder`: a PostgreSQL left running on it shows up here. */
export function processesUsing(folder: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = readFileSync(join('/proc', entry, 'cmdline'), 'utf8');
      if (commandLine.split('\0').some((arg) => arg.includes(folder))) found.push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  return found;
}

/** The programs (their paths) of the processes whose command line names `folder`. */
export function programsUsing(folder: string): string[] {
  return processesUsing(folder).flatMap((pid) => {
    try {
      return [readFileSync(join('/proc', String(pid), 'cmdline'), 'utf8').split('\0')[0]];
    } catch {
      // It ended between the two reads.
      return [];
    }
  });
}

/**
 * The built Folio (`node dist/src/main.js`) as a child process, on its own embedded PostgreSQL in a
 * temp folder (no DATABASE_URL) and its own free ports: it can be stopped and started again on the
 * same data, and nothing it touches is shared.
 */
export class BuiltApp {
  private launched?: LaunchedFolio;

  private constructor(
    readonly folder: string,
    readonly port: number,
    readonly pgPort: number,
    private readonly extraEnv: Record<string, string>,
  ) {}

  static async create(extraEnv: Record<string, string> = {}): Promise<BuiltApp> {
    if (!existsSync(join(ROOT, 'dist/src/main.js'))) throw new Error('Run npm run build:api');
    const folder = tempFolderForPostgres('folio-built-');
    return new BuiltApp(folder, await testPort(), await testPort(), extraEnv);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get dataDir(): string {
    return join(this.folder, 'pg');
  }

  /** Starts the process and waits until /health/ready answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    this.launched = launchFolio([process.execPath, 'dist/src/main.js'], {
      cwd: ROOT,
      env: {
        PORT: String(this.port),
        EMBEDDED_PG_DATA: this.dataDir,
        EMBEDDED_PG_PORT: String(this.pgPort),
        LOG_LEVEL: 'warn',
        ...this.extraEnv,
      },
    });
    const ok = (response: Response) => Promise.resolve(response.ok);
    await waitForAnswer(`${this.baseUrl}/health/ready`, ok, this.launched.child, timeoutMs, () =>
      this.log(),
    );
  }

  /** Sends SIGTERM; resolves with the exit code, or rejects if it does not exit in time. */
  async terminate(timeoutMs = 30_000): Promise<number | NodeJS.Signals | null> {
    const child = this.launched?.child;
    if (!child || child.exitCode !== null) throw new Error('Folio is not running');
    child.kill('SIGTERM');
    try {
      return await waitForExit(child, timeoutMs);
    } catch (error) {
      throw new Error(`Folio after SIGTERM: ${(error as Error).message}:\n${this.log()}`);
    }
  }

  /** Kills the process with SIGKILL (no shutdown at all), as an OOM killer or a power cut would. */
  async kill(): Promise<void> {
    const child = this.launched?.child;
    if (!child || child.exitCode !== null) throw new Error('Folio is not running');
    child.kill('SIGKILL');
    await waitForExit(child, 10_000);
  }

  /** A query on the app's embedded database, while the app runs. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({
      connectionString: `postgres://postgres:postgres@127.0.0.1:${this.pgPort}/folio`,
    });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  log(): string {
    return this.launched?.log(4000) ?? '';
  }

  /** Whatever happened: our child killed, a PostgreSQL left on our folder stopped, the folder gone. */
  async dispose(): Promise<void> {
    const child = this.launched?.child;
    killNow(child);
    await EmbeddedPostgres.stopAny({ dataDir: this.dataDir }).catch(() => undefined);
    rmSync(this.folder, { recursive: true, force: true });
  }
}
