import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DrainResult, LatencyResult, ThroughputResult } from './jobs-measure';
import { JobsBenchOptions } from './jobs-options';
import { LoadResult } from './load';

export interface JobsReport {
  date: string;
  /** Which checkout's build ran, at which commit. */
  build: string;
  machine: string;
  cores: number;
  node: string;
  postgres: string;
  database: string;
  options: JobsBenchOptions;
  /** Folio's environment as the report shows it (no secrets). */
  folioEnv: string[];
  /** The machine's 1-minute load average: at the start, the highest seen, and 1/5/15 at the end. */
  load: { start: number; max: number; end: number[] };
  webhooks: boolean;
  throughput: (ThroughputResult & { name: string })[];
  /** Mails the SMTP server got by the end of part 1, and mail jobs still queued then. */
  mails: number;
  mailsQueued: number;
  latency?: LatencyResult;
  drains: DrainResult[];
  /** Every POST the receiver got, and those whose signature did not verify. */
  deliveries: number;
  unsigned: number;
}

const f1 = (n: number) => n.toFixed(1);
const rate = (r?: LoadResult) => (r ? `${r.requestsPerSecond} (${r.p50Ms} / ${r.p99Ms})` : '–');
const ratio = (r: LoadResult | undefined, base: LoadResult) =>
  r ? `${Math.round((r.requestsPerSecond / Math.max(1, base.requestsPerSecond)) * 100)} %` : '–';

function exactlyOnce(d: DrainResult): string {
  const ok = d.distinctIds === d.queued && !d.duplicates && !d.missing && !d.extra;
  if (ok) return `yes: ${d.distinctIds} webhook-ids, each once`;
  return `**no**: ${d.distinctIds} ids of ${d.queued} queued, ${d.duplicates} repeated, ${d.missing} articles without, ${d.extra} with more than one`;
}

export function drainFailed(d: DrainResult): boolean {
  return !exactlyOnce(d).startsWith('yes') || d.unsigned > 0;
}

export function jobsMarkdown(r: JobsReport): string {
  const o = r.options;
  const lines = [
    `# Folio background jobs and webhooks — ${r.date}`,
    '',
    `- Build: ${r.build}`,
    `- Machine: ${r.machine}; Node ${r.node}; PostgreSQL ${r.postgres} (${r.database})`,
    `- Machine load average (1 min): ${f1(r.load.start)} at the start, up to ${f1(r.load.max)} during the run, ${r.load.end.map(f1).join(' / ')} (1 / 5 / 15 min) at the end. ` +
      `${r.cores} cores shared by Folio, PostgreSQL, the load generator and the receivers (in the bench process), and by other engineers' tests running at the same time: absolute figures are low and noisy, compare figures of one run`,
    `- Folio's environment: ${r.folioEnv.join(', ')}`,
    `- Load: autocannon, ${o.connections} connections; per endpoint ${o.warmup} s warm-up, then ${o.rounds} rounds of ${o.duration} s for each setting (${r.webhooks ? 'no endpoint, one endpoint, one endpoint with the workers off' : 'no endpoint'}), alternating; the median round of each${o.quick ? ' (**quick mode: proves the harness, measures nothing**)' : ''}`,
    '',
    '## 1. Enqueue cost per request (throughput)',
    '',
    'req/s (p50 / p99 ms); ratio: to no endpoint.',
    '',
    '| endpoint | no endpoint | one endpoint | ratio | one endpoint, workers off | ratio | errors |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const t of r.throughput) {
    const errors = [t.none, t.endpoint, t.enqueueOnly].reduce((n, x) => n + (x?.errors ?? 0), 0);
    lines.push(
      `| ${t.name} | ${rate(t.none)} | ${rate(t.endpoint)} | ${ratio(t.endpoint, t.none)} ` +
        `| ${rate(t.enqueueOnly)} | ${ratio(t.enqueueOnly, t.none)} | ${errors} |`,
    );
  }
  lines.push(
    '',
    r.webhooks
      ? 'No endpoint: the endpoint is registered but inactive, so each event costs the one indexed read of the active ' +
          'endpoints subscribed to it. One endpoint: active, subscribed to `article.published` and `user.registered`; each ' +
          'request also reads the resource and writes a delivery row and its job (NOTIFY at commit), and the ' +
          'instance\u2019s workers send deliveries during the round (WEBHOOK_CONCURRENCY=4) on the same cores. ' +
          'Workers off: the same requests on an instance started with JOBS_WORKERS=false, so only the enqueueing is measured (no mail is sent either).'
      : 'This build has no `/api/admin/webhooks`: no endpoint columns, and no latency or drain figures.',
    `Every registration mails a verification link: ${r.mails} mails reached the SMTP server in the bench process by the end of part 1` +
      (r.webhooks ? `, ${r.mailsQueued} mail jobs were still queued then.` : '.'),
    r.webhooks
      ? `Each round waited up to ${o.settleMs / 1000} s for the deliveries of earlier rounds (less when the backlog hardly shrank); at most ${Math.max(...r.throughput.map((t) => t.leftover))} were still queued when a round began.`
      : '',
    '',
  );
  if (r.latency) {
    const l = r.latency;
    lines.push(
      '## 2. Delivery latency at idle',
      '',
      `${l.count} articles created one after another by one writer, nothing else running; from the client getting ` +
        'the 201 (the commit precedes it) to the receiver having the whole POST. Each try opens a new TLS connection.',
      '',
      '| deliveries | p50 ms | p90 ms | p99 ms | max ms | the POST alone, p50 ms (delivery log) |',
      '|---:|---:|---:|---:|---:|---:|',
      `| ${l.count} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${l.postP50} |`,
      '',
    );
  }
  if (r.drains.length) {
    lines.push(
      '## 3. Drain rate of one instance',
      '',
      'Deliveries queued by an instance with JOBS_WORKERS=false (articles created by 16 clients), which is then ' +
        'stopped; a new instance with workers on drains them. Times from its spawn; a job\u2019s run is pg-boss\u2019s ' +
        'started → completed (the worker\u2019s work: read, POST, log).',
      '',
      '| WEBHOOK_CONCURRENCY | queued | first delivery s | last delivery s | jobs/s (first → last) | one job\u2019s run, p50 ms | exactly once |',
      '|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const d of r.drains) {
      lines.push(
        `| ${d.concurrency} | ${d.queued} | ${f1(d.firstMs / 1000)} | ${f1(d.lastMs / 1000)} | ${d.jobsPerSecond} | ${d.jobMs} | ${exactlyOnce(d)} |`,
      );
    }
    lines.push('');
  }
  if (r.webhooks) {
    lines.push(
      r.unsigned
        ? `**${r.unsigned} of ${r.deliveries} deliveries failed signature verification.**`
        : `Signatures: all ${r.deliveries} deliveries verified (standardwebhooks, the endpoint's secret).`,
      '',
    );
  }
  return lines.join('\n');
}

export function writeJobsReport(report: JobsReport, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.md`);
  writeFileSync(file, jobsMarkdown(report));
  return file;
}
