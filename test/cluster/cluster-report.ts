/** What the cluster and one-server tests print: each check as it ends, its figures, and the `N passed, N failed` line. */
export class ClusterReport {
  private passed = 0;
  private failed = 0;
  private readonly figures: [string, string][] = [];

  constructor(
    private readonly title = 'cluster',
    private readonly print: (line: string) => void = (line) => console.log(line),
  ) {}

  /** Runs one check; a thrown error fails it (and is printed), the others still run. */
  async check(name: string, work: () => Promise<void>): Promise<boolean> {
    const started = performance.now();
    this.print(`--- ${name}`);
    try {
      await work();
      this.passed++;
      this.print(`PASS ${name} (${seconds(performance.now() - started)})`);
      return true;
    } catch (error) {
      this.failed++;
      const message = error instanceof Error ? error.message : String(error);
      this.print(`FAIL ${name} (${seconds(performance.now() - started)}): ${message}`);
      return false;
    }
  }

  /** A line under the current check, and in the figures at the end. */
  figure(name: string, value: string | number): void {
    this.figures.push([name, String(value)]);
    this.print(`  ${name}: ${value}`);
  }

  note(line: string): void {
    this.print(`  ${line}`);
  }

  get ok(): boolean {
    return this.failed === 0 && this.passed > 0;
  }

  /** The whole run's time, the figures and the `N passed, N failed` line; the exit code. */
  finish(startedMs: number): number {
    this.figure('whole run', seconds(performance.now() - startedMs));
    this.summary();
    return this.ok ? 0 : 1;
  }

  summary(): void {
    this.print(`\n=== ${this.title} figures`);
    const width = Math.max(...this.figures.map(([name]) => name.length), 0);
    for (const [name, value] of this.figures) this.print(`${name.padEnd(width)}  ${value}`);
    this.print(`${this.passed} passed, ${this.failed} failed`);
  }
}

/** Runs a test's `main` to the process's exit code: its own, or 1 when it could not run at all. */
export function runToExit(what: string, main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`The ${what} failed to run:`, error);
      process.exit(1);
    },
  );
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
