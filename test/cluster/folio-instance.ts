import { testPort } from '../support/test-port';
import {
  isRunning,
  killNow,
  LaunchedFolio,
  launchFolio,
  stopGently,
  waitForAnswer,
  waitForExit,
} from '../support/launched-process';

/**
 * One Folio instance as a deployment runs it: the built app (`node dist/src/main.js`, what `npm run
 * start:prod` runs) from a release folder, NODE_ENV=production, its own port, and the settings every
 * instance shares.
 */
export class FolioInstance {
  private launched?: LaunchedFolio;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly release: string,
    private readonly env: Record<string, string>,
  ) {}

  static async create(
    name: string,
    release: string,
    env: Record<string, string>,
  ): Promise<FolioInstance> {
    return new FolioInstance(name, await testPort(), release, env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return isRunning(this.launched?.child);
  }

  get pid(): number | undefined {
    return this.launched?.child.pid;
  }

  /** Starts the process; resolves once /health/ready answers 200. */
  async start(timeoutMs = 60_000): Promise<void> {
    this.launched = launchFolio([process.execPath, 'dist/src/main.js'], {
      cwd: this.release,
      env: { ...this.env, NODE_ENV: 'production', PORT: String(this.port) },
    });
    const ready = (response: Response) => Promise.resolve(response.ok);
    await waitForAnswer(`${this.url}/health/ready`, ready, this.launched.child, timeoutMs, () =>
      this.log(),
    );
  }

  /** SIGKILL: no drain, no shutdown hook, as an OOM kill or a lost machine. */
  async kill(): Promise<void> {
    const child = this.launched?.child;
    if (!child || !this.running) throw new Error(`${this.name} is not running`);
    child.kill('SIGKILL');
    await waitForExit(child, 10_000);
  }

  /** SIGTERM, as a process manager stops it: requests drain, workers stop. */
  async stop(timeoutMs = 20_000): Promise<void> {
    const child = this.launched?.child;
    if (child) await stopGently(child, timeoutMs);
  }

  /** For the exit path: no waiting. */
  forceKill(): void {
    killNow(this.launched?.child);
  }

  log(tail = 4000): string {
    return this.launched?.log(tail) ?? '';
  }
}
