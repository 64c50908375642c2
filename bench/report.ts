import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoadResult } from './load';

export interface EndpointResult {
  name: string;
  kind: 'read' | 'write' | 'login';
  folioOnly?: boolean;
  folio?: LoadResult;
  floor?: LoadResult;
  /** Folio's req/s over the floor's. */
  ratio?: number;
  folioStatements: number;
  floorStatements: number;
  sameJson: boolean;
  /** Folio's peak RSS while this endpoint was measured (its warm-up and floor rounds included). */
  folioPeakRssMb?: number;
}

export interface BenchReport {
  date: string;
  machine: string;
  node: string;
  postgres: string;
  database: string;
  rows: Record<string, number>;
  options: {
    articles: number;
    connections: number;
    duration: number;
    warmup: number;
    rounds: number;
    quick: boolean;
  };
  startupMs: number;
  /** Environment given to Folio beyond the bench's own (production, rate limits off). */
  folioEnv: Record<string, string>;
  /** The machine's 1-minute load average, the higher of before and after: other work skews figures. */
  loadAverage: number;
  peakRssMb?: number;
  /** The peak from spawn to ready, before any load. */
  startupPeakRssMb?: number;
  peakRssBeforeLoginMb?: number;
  rssAfterReadsMb?: number;
  endpoints: EndpointResult[];
}

const TARGET = { read: 0.7, write: 0.6 } as const;
const pct = (ratio?: number) => (ratio === undefined ? '–' : `${Math.round(ratio * 100)} %`);
const num = (value?: number) => (value === undefined ? '–' : String(value));
const ms = (value?: number) => (value === undefined ? '–' : `${value}`);

export function markdown(report: BenchReport): string {
  const o = report.options;
  const lines = [
    `# Folio vs floor — ${report.date}`,
    '',
    `- Machine: ${report.machine}; Node ${report.node}; PostgreSQL ${report.postgres} (${report.database})`,
    `- Data: ${Object.entries(report.rows)
      .map(([table, n]) => `${n.toLocaleString('en')} ${table}`)
      .join(', ')}`,
    `- Load: autocannon, ${o.connections} connections; per endpoint ${o.warmup} s warm-up, then ${o.rounds} rounds of ${o.duration} s Folio, ${o.duration} s floor; the median round of each${o.quick ? ' (**quick mode: not a measurement**)' : ''}`,
    `- Folio's environment: NODE_ENV=production, AUTH_RATE_LIMIT_ENABLED=false${Object.entries(
      report.folioEnv ?? {},
    )
      .map(([k, v]) => `, ${k}=${v}`)
      .join('')}`,
    `- Machine load average (1 min, other work on the machine included): up to ${report.loadAverage.toFixed(1)}`,
    `- Folio start-up on the existing database: ${report.startupMs} ms (peak RSS ${num(report.startupPeakRssMb)} MB); peak RSS ${num(report.peakRssMb)} MB, ${num(report.peakRssBeforeLoginMb)} MB before the logins (after the reads: ${num(report.rssAfterReadsMb)} MB)`,
    '',
    '| endpoint | Folio req/s | floor req/s | ratio | target | Folio p50 / p99 ms | floor p50 / p99 ms | CPU µs/req F / f | errors F / f | SQL/req F / f | same JSON | Folio peak RSS MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|---:|',
  ];
  for (const e of report.endpoints) {
    // A login has no target; a Folio-only endpoint (feeds, sitemap) no floor to be a share of.
    const target = e.kind === 'login' || e.folioOnly ? '–' : pct(TARGET[e.kind]);
    lines.push(
      `| ${e.name} | ${num(e.folio?.requestsPerSecond)} | ${num(e.floor?.requestsPerSecond)} | ${pct(e.ratio)} | ${target} ` +
        `| ${ms(e.folio?.p50Ms)} / ${ms(e.folio?.p99Ms)} | ${ms(e.floor?.p50Ms)} / ${ms(e.floor?.p99Ms)} ` +
        `| ${num(e.folio?.cpuMicrosPerRequest)} / ${num(e.floor?.cpuMicrosPerRequest)} ` +
        `| ${num(e.folio?.errors)} / ${num(e.floor?.errors)} | ${e.folioStatements} / ${e.floorStatements} | ${e.sameJson ? 'yes' : '**no**'} | ${num(e.folioPeakRssMb)} |`,
    );
  }
  lines.push(
    '',
    'SQL/req: statements that reached PostgreSQL per request (BEGIN and COMMIT included), counted on the wire by a',
    "proxy in a separate pass of sequential requests (the job queue's own polling left out). Writes compare the",
    'JSON shape, reads the whole body.',
    "CPU µs/req: the server process's CPU time (user and system, /proc) over the median round, per request: its",
    "own cost, which moves less with the machine's other load than req/s does.",
    "Folio peak RSS: the process's highest resident set while the endpoint ran (Linux VmHWM, reset before each).",
    '',
  );
  return lines.join('\n');
}

export function writeReport(report: BenchReport, dir: string): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const stamp = report.options.quick ? 'quick' : `${report.options.articles}`;
  const json = join(dir, `latest-${stamp}.json`);
  const md = join(dir, `latest-${stamp}.md`);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, markdown(report));
  return { json, md };
}
