import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serverNodeOptions } from '../scripts/node-heap';
import { processCpuMicros } from './process-cpu';

export const FOLIO_PORT = 3105;
const ROOT = join(__dirname, '..');
const START_TIMEOUT_MS = 60_000;

export interface FolioProcess {
  url: string;
  /** From spawn to the first 200 of /health/ready. */
  startupMs: number;
  /** Peak and current resident set size of the process, in MB (from /proc). */
  memory(): { peakRssMb: number; rssMb: number };
  /** Starts a new peak from the current RSS (Linux: `5` to /proc/<pid>/clear_refs), per endpoint. */
  resetPeak(): void;
  /** The process's CPU time so far, in µs (processCpuMicros). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

async function waitReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Folio exited on start:\n${output()}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Folio was not ready within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

/**
 * The built app (dist/), in production mode, on its own database, as a child process; `root` is the
 * checkout whose build runs (this one by default, another to compare builds).
 */
export async function startFolio(
  databaseUrl: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  root = ROOT,
): Promise<FolioProcess> {
  const url = `http://127.0.0.1:${FOLIO_PORT}`;
  // Readiness is polled over HTTP: another server on the port would be mistaken for this one.
  if (
    await fetch(`${url}/health/live`).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`port ${FOLIO_PORT} is already in use: stop what listens there first`);
  }
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(FOLIO_PORT),
      DATABASE_URL: databaseUrl,
      // The bench logs in far more often than a person: the per-IP limit would answer 429.
      AUTH_RATE_LIMIT_ENABLED: 'false',
      ...env,
      // As `npm start` runs it: with Folio's heap limit (env may add its own NODE_OPTIONS after it).
      NODE_OPTIONS: serverNodeOptions(env.NODE_OPTIONS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await waitReady(url, child, () => log);
  const startupMs = Math.round(performance.now() - started);
  const pid = child.pid as number;
  return {
    url,
    startupMs,
    memory: () => ({ peakRssMb: procStatusMb(pid, 'VmHWM'), rssMb: procStatusMb(pid, 'VmRSS') }),
    resetPeak: () => writeFileSync(`/proc/${pid}/clear_refs`, '5'),
    cpuMicros: () => processCpuMicros(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
