/**
 * `npm run test:cluster`: Folio as a deployment at scale runs it, built on this machine from real parts
 * on loopback (a PostgreSQL primary and its streaming replica, Redis, three instances of the built app
 * with NODE_ENV=production, HAProxy in front), and the checks that it behaves as one server. Prints
 * each check's figures and a last `N passed, N failed` line; exits non-zero on any failure. Everything
 * it started is stopped at the end, on failure, and on Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connectionCountsCheck } from './checks/connection-counts.check';
import { instanceKillCheck } from './checks/instance-kill.check';
import { jobsOnceCheck } from './checks/jobs-once.check';
import { readYourWritesCheck } from './checks/read-your-writes.check';
import { realWorldSuiteCheck } from './checks/realworld-suite.check';
import { replicaOutageCheck } from './checks/replica-outage.check';
import { rollingRestartCheck } from './checks/rolling-restart.check';
import { sharedEtagsCheck } from './checks/shared-etags.check';
import { sharedMediaCheck } from './checks/shared-media.check';
import { sharedRateLimitsCheck } from './checks/shared-rate-limits.check';
import { sharedTokensCheck } from './checks/shared-tokens.check';
import { Cluster } from './cluster';
import { ClusterReport, runToExit, seconds } from './cluster-report';

const INSTANCES = 3;

type Check = (cluster: Cluster, report: ClusterReport) => Promise<void>;

/** In order: the suite and the kill run after the checks that want a quiet cluster; jobs run last. */
const CHECKS: [string, Check][] = [
  [
    'a token works on every instance; a logout is refused there at once, by the others once notified',
    (c) => sharedTokensCheck(c, false),
  ],
  ['the same, while the replica lags (replay paused)', (c) => sharedTokensCheck(c, true)],
  ['rate limits are counted across instances', sharedRateLimitsCheck],
  ['a user reads their writes on any instance while the replica lags', readYourWritesCheck],
  ['an ETag from one instance is a 304 on the others', sharedEtagsCheck],
  ['an upload through one instance is served by the others', sharedMediaCheck],
  ['the official RealWorld suite through HAProxy', realWorldSuiteCheck],
  ['the replica stopped and started under read load', replicaOutageCheck],
  ['an instance killed (SIGKILL) under mixed load', instanceKillCheck],
  ['a rolling restart (drain, SIGTERM, start) under mixed load', rollingRestartCheck],
  ["connections stay within each instance's pools", connectionCountsCheck],
  ['each background job runs once', jobsOnceCheck],
];

/** `--only <words>`: the checks whose name holds them (while working on one). */
function selectedChecks(args: string[]): [string, Check][] {
  const at = args.indexOf('--only');
  if (at === -1) return CHECKS;
  const words = args[at + 1]?.toLowerCase() ?? '';
  return CHECKS.filter(([name]) => name.toLowerCase().includes(words));
}

async function main(): Promise<number> {
  if (!existsSync(join(__dirname, '..', '..', 'dist', 'src', 'main.js'))) {
    console.error('dist/src/main.js is missing: run npm run build:api (npm run test:cluster does)');
    return 1;
  }
  const checks = selectedChecks(process.argv.slice(2));
  const report = new ClusterReport();
  const cluster = new Cluster((line) => console.log(`  ${line}`));
  // Whatever ends the process (a signal, a crash), nothing it started outlives it.
  process.once('exit', () => cluster.killAll());
  const abort = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping the cluster`);
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const started = performance.now();
  try {
    if (await report.check('start the cluster', () => cluster.start(INSTANCES))) {
      report.figure('cluster started in', seconds(performance.now() - started));
      for (const [name, check] of checks) await report.check(name, () => check(cluster, report));
    }
    if (!report.ok) console.log(`\n=== the last output of each process\n${cluster.logs()}`);
  } finally {
    await cluster.stop();
  }
  return report.finish(started);
}

runToExit('cluster test', main);
