import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { testPort } from '../support/test-port';
import { collectOutput, isListening, killNow, stopGently } from '../support/launched-process';

/**
 * A Redis of the test's own (`redis-server` from the machine's packages) on a free loopback port, with
 * nothing saved to disk: a Redis the machine may already run is never assumed nor touched.
 */
export class RedisServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: { stdout: string[]; stderr: string[] },
    readonly port: number,
  ) {}

  static async start(): Promise<RedisServer> {
    const binary = findRedisServer();
    const port = await testPort();
    const child = spawn(
      binary,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new RedisServer(child, collectOutput(child), port);
    const deadline = Date.now() + 10_000;
    while (!(await isListening(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        server.kill();
        throw new Error(`redis-server did not start on port ${port}:\n${server.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  log(): string {
    return [...this.output.stdout, ...this.output.stderr].join('').slice(-2000);
  }

  stop(): Promise<void> {
    return stopGently(this.child);
  }

  /** For the exit path: no waiting. */
  kill(): void {
    killNow(this.child);
  }
}

function findRedisServer(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'The cluster test needs redis-server (Debian: apt-get install -y redis-server); it starts its own',
    );
  }
}
