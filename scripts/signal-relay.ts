import { spawn, SpawnOptions } from 'node:child_process';
import { constants } from 'node:os';

const RELAYED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs child processes one after another and hands them the signals this process gets. A process
 * manager signals the pid it started (npm's, which passes SIGINT and SIGTERM on to its script); without
 * the relay the script's children would keep running after it.
 */
export class SignalRelay {
  private readonly children = new Set<ReturnType<typeof spawn>>();
  /** The first signal received: no new child starts after it, and the launcher exits with it. */
  received?: NodeJS.Signals;

  constructor() {
    for (const signal of RELAYED) {
      process.on(signal, () => {
        this.received ??= signal;
        if (this.children.size === 0) process.exit(exitCodeOf(signal));
        for (const child of this.children) child.kill(signal);
      });
    }
  }

  /** Resolves with the child's exit code (128 + n for signal n), once it has exited. */
  run(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
    if (this.received) return Promise.resolve(exitCodeOf(this.received));
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: 'inherit', ...options });
      this.children.add(child);
      child.once('error', (error) => {
        this.children.delete(child);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        this.children.delete(child);
        resolve(code ?? exitCodeOf(signal ?? 'SIGTERM'));
      });
    });
  }

  /** Exits when a signal stopped the last child, rather than going on to the next step. */
  exitIfSignalled(): void {
    if (this.received) process.exit(exitCodeOf(this.received));
  }
}

export function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
