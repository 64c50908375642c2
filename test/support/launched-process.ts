import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export interface LaunchedFolio {
  child: ChildProcess;
  output: { stdout: string[]; stderr: string[] };
  /** Both streams, the last `tail` characters of them. */
  log(tail?: number): string;
}

/**
 * Starts Folio (`npm start`, `node dist/src/main.js` ...) as a process manager does: no terminal, output
 * piped and kept, and a clean environment (no DATABASE_URL from the test run) of PATH, a development
 * start on 127.0.0.1 (as `npm start` runs it: production refuses the embedded PostgreSQL) and `env`.
 */
export function launchFolio(
  command: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined>; detached?: boolean },
): LaunchedFolio {
  const child = spawn(command[0], command.slice(1), {
    cwd: options.cwd,
    // Its own process group, which a test can signal as a terminal does.
    detached: options.detached ?? false,
    env: { PATH: process.env.PATH, NODE_ENV: 'development', HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  return {
    child,
    output,
    log: (tail = 6000) => [...output.stdout, ...output.stderr].join('').slice(-tail),
  };
}

/** SIGKILL to each process, for an afterAll that must leave nothing running; gone ones are skipped. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** A child's output, kept for assertions and for failure messages. */
export function collectOutput(child: ChildProcess): { stdout: string[]; stderr: string[] } {
  const output = { stdout: [] as string[], stderr: [] as string[] };
  child.stdout?.on('data', (chunk: Buffer) => output.stdout.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.stderr.push(chunk.toString()));
  return output;
}

/** Waits until GET `url` answers as `ready` says, failing early if the child exits meanwhile. */
export async function waitForAnswer(
  url: string,
  ready: (response: Response) => Promise<boolean>,
  child: ChildProcess,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `exited during start (${child.exitCode ?? child.signalCode}):\n${describe()}`,
      );
    }
    try {
      if (await ready(await fetch(url))) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready in ${timeoutMs} ms:\n${describe()}`);
}

/** Waits until GET /db-status answers {"connected":true}, as the README's check does. */
export function waitForDbStatus(
  baseUrl: string,
  child: ChildProcess,
  timeoutMs: number,
  describe: () => string,
): Promise<void> {
  const connected = async (response: Response) =>
    response.ok && ((await response.json()) as { connected?: boolean }).connected === true;
  return waitForAnswer(`${baseUrl}/db-status`, connected, child, timeoutMs, describe);
}

/** Whether a child has neither exited nor been ended by a signal. */
export function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** SIGKILL if still running: for an exit path or an afterAll that cannot wait. */
export function killNow(child: ChildProcess | undefined): void {
  if (isRunning(child)) child.kill('SIGKILL');
}

/** SIGTERM, then SIGKILL if it has not exited within timeoutMs; resolves once it is gone or killed. */
export async function stopGently(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (!isRunning(child)) return;
  child.kill('SIGTERM');
  await waitForExit(child, timeoutMs).catch(() => killNow(child));
}

/** Resolves with the exit code (or signal) of a child, or rejects after timeoutMs. */
export async function waitForExit(
  child: ChildProcess,
  timeoutMs: number,
): Promise<number | NodeJS.Signals | null> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return child.exitCode ?? child.signalCode;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      new Promise<number | NodeJS.Signals | null>((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? signal)),
      ),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`still running after ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Process ids whose environment has name=value: how to find an app that its launcher left behind. */
export function processesWithEnvironment(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (
        readFileSync(join('/proc', entry, 'environ'), 'utf8')
          .split('\0')
          .includes(wanted)
      ) {
        found.push(Number(entry));
      }
    } catch {
      // It ended while we looked, or it is not ours to read.
    }
  }
  return found;
}
