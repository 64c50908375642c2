import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Cluster } from '../cluster';
import type { ClusterReport } from '../cluster-report';

const SUITE_DIR = join(__dirname, '..', '..', '..', '..', 'shared', 'realworld');
const SUITE = join(SUITE_DIR, 'run-suite.sh');
/** Runs of the suite's script side by side, each on a share of its folders (each makes its own users). */
const BATCHES = 3;

/**
 * The official RealWorld suite through HAProxy: consecutive requests of one flow (register, then read
 * the user; write, then list) land on different instances, and must read as one server. Its folders
 * are split over a few runs of `run-suite.sh`, all but the first at once: the same requests, in less time.
 */
export async function realWorldSuiteCheck(cluster: Cluster, report: ClusterReport): Promise<void> {
  if (!existsSync(SUITE)) throw new Error(`the RealWorld suite is not at ${SUITE}`);
  const folders = readdirSync(join(SUITE_DIR, 'bruno'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'environments')
    .map((entry) => entry.name)
    .sort();
  const batches = Array.from({ length: BATCHES }, (_, b) =>
    folders.filter((_f, i) => i % BATCHES === b),
  );
  const url = `${cluster.balancer.url}/api`;
  // The first alone: on a new machine the script installs its runner, and runs started together would
  // install it into one folder at once (npm then fails one of them).
  const first = await runSuite(url, batches[0]);
  const runs = [
    first,
    ...(await Promise.all(batches.slice(1).map((batch) => runSuite(url, batch)))),
  ];
  let passed = 0;
  let failed = 0;
  const problems: string[] = [];
  for (const { code, output } of runs) {
    const totals = /(\d+) passed, (\d+) failed\s*$/.exec(output.trim());
    if (!totals) {
      problems.push(`a run printed no totals (exit ${code}):\n${output.slice(-1500)}`);
      continue;
    }
    passed += Number(totals[1]);
    failed += Number(totals[2]);
    if (code !== 0 || totals[2] !== '0')
      problems.push(`a run failed (exit ${code}):\n${output.slice(-1500)}`);
  }
  report.figure(
    'RealWorld suite through HAProxy',
    `${passed} passed, ${failed} failed (${folders.length} folders)`,
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
  if (passed === 0) throw new Error('the suite ran no request');
}

function runSuite(
  url: string,
  folders: string[],
): Promise<{ code: number | null; output: string }> {
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SUITE, url, ...folders], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output: output.join('') }));
  });
}
