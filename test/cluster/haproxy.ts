import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { collectOutput, isListening, killNow, stopGently } from '../support/launched-process';

export interface Backend {
  name: string;
  port: number;
}

/** The header each answer carries to say which instance served it (HAProxy's own errors included). */
export const SERVED_BY = 'x-served-by';

/** The reference configuration, which the docs show for a real deployment. */
export const REFERENCE_CONFIG = join(__dirname, '..', '..', 'docs', 'deploy', 'haproxy.cfg');

/**
 * The reference configuration on loopback: its `bind` becomes this port, its servers these instances
 * (without Docker's resolvers), and its runtime API a socket in the test's folder, through which the
 * test reads and sets each server's state. Everything else (checks, retries, timeouts) is the file's.
 */
export function loopbackConfig(
  reference: string,
  port: number,
  socket: string,
  backends: readonly Backend[],
): string {
  const out: string[] = [];
  let skipping = false;
  let serversWritten = false;
  for (const line of reference.split('\n')) {
    if (/^resolvers\s/.test(line)) skipping = true;
    else if (skipping && /^\S/.test(line)) skipping = false;
    if (skipping) continue;
    if (/^\s+stats socket\s/.test(line)) continue;
    if (/^\s+bind\s/.test(line)) {
      out.push(`  bind 127.0.0.1:${port}`);
    } else if (/^\s+server\s/.test(line)) {
      if (!serversWritten) {
        for (const b of backends) out.push(`  server ${b.name} 127.0.0.1:${b.port} check`);
      }
      serversWritten = true;
    } else {
      out.push(line);
      if (/^global\s*$/.test(line)) out.push(`  stats socket ${socket} mode 600 level admin`);
    }
  }
  if (!serversWritten) throw new Error(`${REFERENCE_CONFIG} has no server line to replace`);
  return out.join('\n');
}

/** HAProxy (the Debian package's binary) in the foreground, in front of the instances. */
export class HaproxyServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: { stdout: string[]; stderr: string[] },
    readonly port: number,
    private readonly socket: string,
  ) {}

  static async start(
    folder: string,
    port: number,
    backends: readonly Backend[],
  ): Promise<HaproxyServer> {
    const binary = findHaproxy();
    const socket = join(folder, 'haproxy.sock');
    const config = join(folder, 'haproxy.cfg');
    const reference = readFileSync(REFERENCE_CONFIG, 'utf8');
    writeFileSync(config, loopbackConfig(reference, port, socket, backends));
    execFileSync(binary, ['-c', '-q', '-f', config]);
    const child = spawn(binary, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new HaproxyServer(child, collectOutput(child), port, socket);
    const deadline = Date.now() + 10_000;
    // Ready once both answer: the port can listen a moment before the runtime API's socket exists
    // (a first `show stat` then failed with ENOENT in one CI run).
    while (!(await isListening(port)) || !existsSync(socket)) {
      if (child.exitCode !== null || Date.now() > deadline) {
        server.kill();
        throw new Error(`haproxy did not start on port ${port} with its socket:\n${server.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Each server's state as HAProxy sees it: UP, DOWN, DRAIN, `UP 1/2` while a check is pending, ... */
  async serverStates(): Promise<Map<string, string>> {
    return new Map([...(await this.serverStats()).entries()].map(([name, f]) => [name, f[17]]));
  }

  private async currentSessions(name: string): Promise<number> {
    // scur, the sessions in progress, is the 5th field (index 4).
    return Number((await this.serverStats()).get(name)?.[4] ?? 0);
  }

  /** `show stat`'s CSV fields of each server of the backend (pxname, svname, ...; status at 17). */
  private async serverStats(): Promise<Map<string, string[]>> {
    const csv = await this.command('show stat');
    const stats = new Map<string, string[]>();
    for (const line of csv.split('\n')) {
      const fields = line.split(',');
      if (fields[0] === 'folio' && fields[1] && !['FRONTEND', 'BACKEND'].includes(fields[1])) {
        stats.set(fields[1], fields);
      }
    }
    return stats;
  }

  /** Waits until `name` is in `state` (UP or DOWN) and says how long that took. */
  async waitForState(name: string, state: 'UP' | 'DOWN', timeoutMs: number): Promise<number> {
    const started = performance.now();
    for (;;) {
      if ((await this.serverStates()).get(name) === state) return performance.now() - started;
      if (performance.now() - started > timeoutMs) {
        const states = [...(await this.serverStates())].map(([n, s]) => `${n}=${s}`).join(' ');
        throw new Error(`haproxy: ${name} not ${state} within ${timeoutMs} ms (${states})`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** The runtime API's `set server`: `drain` takes no new requests, `ready` takes them again. */
  async setState(name: string, state: 'drain' | 'ready' | 'maint'): Promise<void> {
    const answer = await this.command(`set server folio/${name} state ${state}`);
    if (answer.trim())
      throw new Error(`haproxy: set server ${name} state ${state}: ${answer.trim()}`);
  }

  /** Waits until HAProxy has no request in progress on `name`. */
  async waitForIdle(name: string, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while ((await this.currentSessions(name)) > 0) {
      if (performance.now() > deadline)
        throw new Error(`haproxy: ${name} still busy after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  log(): string {
    return this.output.stderr.join('').slice(-3000);
  }

  /**
   * Request log lines (`option httplog`, on standard output) of requests that did not end normally:
   * their termination state (`SH--`, `CD--`, ...) names who ended them and when.
   */
  abnormalRequests(): string[] {
    return (
      this.output.stdout
        .join('')
        .split('\n')
        .filter((line) => / [A-Za-z][A-Za-z-]{3} \d+\/\d+\/\d+\/\d+\/\d+ /.test(line))
        // A connection closed before any request: the test's own check that the port listens.
        .filter((line) => !line.endsWith('"<BADREQ>"'))
    );
  }

  /** SIGTERM, HAProxy's immediate stop (SIGUSR1 is its soft one): nothing is left to drain here. */
  stop(): Promise<void> {
    return stopGently(this.child);
  }

  kill(): void {
    killNow(this.child);
  }

  private command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const connection = createConnection(this.socket, () => connection.end(`${line}\n`));
      connection.on('data', (chunk: Buffer) => chunks.push(chunk));
      connection.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      connection.on('error', reject);
    });
  }
}

function findHaproxy(): string {
  for (const candidate of ['/usr/sbin/haproxy', '/usr/bin/haproxy']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // Not there.
    }
  }
  throw new Error('The cluster test needs HAProxy (Debian: apt-get install -y haproxy)');
}
