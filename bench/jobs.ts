import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { openBenchDatabases } from './bench-database';
import { createArticleEndpoint, registrationEndpoint } from './jobs-api';
import { deliveryLatency, drain, pendingJobs, throughput } from './jobs-measure';
import { JobsBenchOptions, parseJobsOptions } from './jobs-options';
import { HookReceiver, MailSink } from './jobs-receivers';
import { drainFailed, jobsMarkdown, JobsReport, writeJobsReport } from './jobs-report';
import { Stage, StageOptions, StageSetup } from './jobs-stage';

const ROOT = join(__dirname, '..');
const log = (line: string) =>
  console.log(`[bench:jobs ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** The checkout and commit whose build runs; uncommitted changes to its code are named. */
function describeBuild(root: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();
  const where = root === ROOT ? 'this checkout' : root;
  try {
    const [hash, subject] = git('log', '-1', '--format=%h%n%s').split('\n');
    const commit = `${hash} (${subject.length > 72 ? `${subject.slice(0, 71)}…` : subject})`;
    const changed = git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'libs');
    const dirty = changed
      ? `, plus uncommitted changes to ${changed.split('\n').length} files`
      : '';
    return `${where} at ${commit}${dirty}`;
  } catch {
    return where;
  }
}

/** The machine's 1-minute load average, sampled every 5 s: other work on the machine skews figures. */
function loadSampler() {
  const start = loadavg()[0];
  let max = start;
  const timer = setInterval(() => (max = Math.max(max, loadavg()[0])), 5000).unref();
  return () => {
    clearInterval(timer);
    const end = loadavg();
    return { start, max: Math.max(max, end[0]), end };
  };
}

/** bench/results/<name>.md: jobs-latest for this checkout, jobs-<folder> for another's build. */
function resultsName(options: JobsBenchOptions): string {
  if (options.quick) return 'jobs-quick';
  return options.folio ? `jobs-${basename(options.folio)}` : 'jobs-latest';
}

/** Runs `work` on a fresh stage, and closes it whatever happens. */
async function onStage<T>(
  setup: StageSetup,
  options: StageOptions,
  work: (stage: Stage) => Promise<T>,
): Promise<T> {
  const stage = await Stage.open(setup, options);
  try {
    return await work(stage);
  } finally {
    await stage.close();
  }
}

async function main(): Promise<void> {
  const options = parseJobsOptions(process.argv.slice(2));
  const root = options.folio ?? ROOT;
  if (!existsSync(join(root, 'dist/src/main.js'))) {
    throw new Error(
      `${root}/dist/src/main.js is missing: build that checkout first (npx nest build)`,
    );
  }
  const sampleLoad = loadSampler();
  const receiver = await HookReceiver.start();
  const mail = await MailSink.start();
  const dbs = await openBenchDatabases('folio_bench_jobs', 'folio-bench jobs: empty', true);
  try {
    const admin = {
      email: 'bench-admin@bench.folio.test',
      password: randomBytes(18).toString('base64url'),
    };
    const setup: StageSetup = {
      root,
      env: {
        // The cheapest hashing the config allows, so that registration shows the cost of its mail.
        AUTH_ARGON2_MEMORY_KIB: '8192',
        AUTH_ARGON2_ITERATIONS: '1',
        SMTP_URL: mail.url,
        FIRST_SUPERUSER_EMAIL: admin.email,
        FIRST_SUPERUSER_PASSWORD: admin.password,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        NODE_EXTRA_CA_CERTS: receiver.caFile,
      },
      dbs,
      admin,
      receiver,
      mail,
      run: randomBytes(3).toString('hex'),
      log,
    };
    log(`${describeBuild(root)}, each part on a fresh database (${dbs.description})`);
    const report: JobsReport = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      build: describeBuild(root),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
      cores: cpus().length,
      node: process.version,
      postgres: '',
      database: dbs.description,
      options,
      folioEnv: [
        'NODE_ENV=production',
        'AUTH_RATE_LIMIT_ENABLED=false',
        'AUTH_ARGON2_MEMORY_KIB=8192',
        'AUTH_ARGON2_ITERATIONS=1',
        "SMTP_URL=the bench's SMTP server",
        'FIRST_SUPERUSER_EMAIL and _PASSWORD (the admin who registers the endpoint)',
        'WEBHOOK_ALLOW_PRIVATE=true',
        "NODE_EXTRA_CA_CERTS=the receiver's certificate (https, as production requires)",
        'the rest default (WEBHOOK_CONCURRENCY=4, JOBS_POLL_INTERVAL_SECONDS=5, JOBS_POOL_SIZE=4, DATABASE_POOL_SIZE=10)',
      ],
      load: { start: 0, max: 0, end: [] },
      webhooks: false,
      throughput: [],
      mails: 0,
      mailsQueued: 0,
      drains: [],
      deliveries: 0,
      unsigned: 0,
    };

    log('1. throughput of create article and registration');
    const writers = options.quick ? 4 : options.connections;
    await onStage(setup, { writers }, async (stage) => {
      report.webhooks = stage.webhook !== undefined;
      if (!report.webhooks) log('this build has no /api/admin/webhooks: throughput only');
      for (const endpoint of [
        createArticleEndpoint(stage.tokens),
        registrationEndpoint(setup.run),
      ]) {
        const measured = await throughput(stage, endpoint, options);
        report.throughput.push({ name: endpoint.name, ...measured });
      }
      report.mails = mail.received;
      if (stage.hasJobs) report.mailsQueued = await pendingJobs(stage.db, 'mail');
      const version = await stage.db.query<{ server_version: string }>('SHOW server_version');
      report.postgres = version.rows[0].server_version;
    });
    if (report.webhooks && !options.throughputOnly) {
      log(`2. delivery latency at idle, ${options.latencyCount} articles`);
      report.latency = await onStage(setup, { writers: 1 }, (stage) =>
        deliveryLatency(stage, options.latencyCount),
      );
      log(`   p50 ${report.latency.p50} ms, p99 ${report.latency.p99} ms`);
      const drainers = options.quick ? 2 : 16;
      await onStage(setup, { writers: drainers, env: { JOBS_WORKERS: 'false' } }, async (stage) => {
        for (const concurrency of options.drainConcurrency) {
          log(`3. drain of ${options.drainCount} deliveries, WEBHOOK_CONCURRENCY=${concurrency}`);
          const drained = await drain(stage, options.drainCount, concurrency);
          report.drains.push(drained);
          log(`   ${drained.jobsPerSecond} jobs/s`);
        }
      });
    }
    report.deliveries = receiver.arrivals.length;
    report.unsigned = receiver.arrivals.filter((arrival) => !arrival.signed).length;
    report.load = sampleLoad();

    console.log(`\n${jobsMarkdown(report)}`);
    log(`wrote ${writeJobsReport(report, join(__dirname, 'results'), resultsName(options))}`);
    // What CI can hold the harness to: every request answered 2xx, every delivery came once, signed.
    const errors = report.throughput.reduce(
      (n, t) => n + t.none.errors + (t.endpoint?.errors ?? 0) + (t.enqueueOnly?.errors ?? 0),
      0,
    );
    if (errors) throw new Error(`${errors} requests failed under load`);
    if (report.unsigned) throw new Error(`${report.unsigned} deliveries failed verification`);
    if (report.drains.some(drainFailed)) throw new Error('a delivery was lost or sent twice');
  } finally {
    await dbs.close(false);
    await receiver.close();
    await mail.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
