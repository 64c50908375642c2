import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openBenchDatabases, serverVersion } from './bench-database';
import { countStatements, sameJson } from './count';
import { Endpoint, endpoints, Fixture } from './endpoints';
import { explainLists } from './explain';
import { startFloor } from './floor/start-floor';
import { startFolio } from './folio-process';
import { alternateRounds, compare, load } from './load';
import { parseOptions } from './options';
import { BenchReport, EndpointResult, markdown, writeReport } from './report';
import { countRows, dataSize, seed, SEED_VERSION } from './seed';
import { SqlCounter } from './sql-counter';
import { encodeCursor } from '../src/common/cursor';

const log = (line: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function fixture(url: string, users: number): Promise<Fixture> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ slug: string }>(
      `SELECT slug FROM articles WHERE status = 'published' AND id % greatest(1, (SELECT count(*) FROM articles) / 2000) = 0 ORDER BY id`,
    );
    const published = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM articles WHERE status = 'published'`,
    );
    const deepOffset = Math.floor(published.rows[0].n / 2);
    // The key of the row just before the deep page: a cursor to the same page the offset reaches.
    const before = await client.query<{ at: string; id: number }>(
      `SELECT to_char(published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at, id
       FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC OFFSET $1 LIMIT 1`,
      [deepOffset - 1],
    );
    const key = before.rows[0];
    return {
      users,
      slugs: rows.map((row) => row.slug),
      deepOffset,
      deepAfter: { publishedAt: key.at, id: key.id },
      deepCursor: encodeCursor([key.at, key.id]),
    };
  } finally {
    await client.end();
  }
}

/** The counting pass: both servers behind a counting proxy, the same requests one at a time. */
async function countPass(url: string, list: Endpoint[], folioEnv: Record<string, string>) {
  const folioCounter = new SqlCounter(new URL(url));
  const floorCounter = new SqlCounter(new URL(url));
  const folio = await startFolio(await folioCounter.start(), folioEnv);
  const floor = await startFloor(await floorCounter.start()).catch(async (error: unknown) => {
    await folio.stop();
    throw error;
  });
  const counts = [];
  try {
    for (const endpoint of list) {
      const f = await countStatements(folio.url, folioCounter, endpoint);
      const g = endpoint.folioOnly
        ? { statements: 0, statuses: [], bodies: [] }
        : await countStatements(floor.url, floorCounter, endpoint);
      const statusesOk = [...f.statuses, ...g.statuses].every((status) => status < 300);
      const same = sameJson(endpoint, f.bodies, g.bodies) && statusesOk;
      if (!same) {
        log(
          `${endpoint.name}: statuses ${f.statuses.join()}/${g.statuses.join()}, same JSON: ${same}`,
        );
        log(`  Folio: ${JSON.stringify(f.bodies[0]).slice(0, 400)}`);
        if (!endpoint.folioOnly) log(`  floor: ${JSON.stringify(g.bodies[0]).slice(0, 400)}`);
      }
      counts.push({ folio: f.statements, floor: g.statements, same });
    }
  } finally {
    await folio.stop();
    await floor.stop();
    await folioCounter.stop();
    await floorCounter.stop();
  }
  return counts;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const size = dataSize(options.articles);
  const name = options.quick ? 'folio_bench_quick' : `folio_bench_${options.articles}`;
  const dbs = await openBenchDatabases(
    name,
    `${SEED_VERSION}, ${size.articles} articles`,
    options.reseed,
  );
  try {
    // Applies the migrations: those of a new database, or new ones since the data set was seeded.
    log(`migrating ${name} on ${dbs.description}`);
    await (await startFolio(dbs.seededUrl)).stop();
    if (!dbs.seeded) {
      log(`seeding ${size.articles} articles, ${size.users} users`);
      const started = performance.now();
      await seed(dbs.seededUrl, size, log);
      await dbs.markSeeded();
      log(`seeded in ${Math.round((performance.now() - started) / 1000)} s`);
    }
    const db = {
      url: await dbs.copyForRun(),
      description: `${dbs.description}, a copy of ${name}`,
    };
    const data = await fixture(db.url, size.users);
    if (options.explain) {
      log(`wrote ${await explainLists(db.url, data, size.articles)}`);
      return;
    }
    const rows = await countRows(db.url);
    // npm run bench builds the site; without it (an API-only checkout) there are no pages to measure.
    const site = existsSync(join(__dirname, '..', 'apps', 'web', 'dist', 'spa', 'index.html'));
    if (!site) log('apps/web/dist/spa is not built: the article page endpoint is left out');
    const all = endpoints(data, site);
    const list = options.only.length
      ? all.filter((e) => options.only.some((part) => e.name.includes(part)))
      : all;
    log('counting statements per request and comparing JSON');
    const counts = await countPass(db.url, list, options.folioEnv);

    const results: EndpointResult[] = list.map((endpoint, i) => ({
      name: endpoint.name,
      kind: endpoint.kind,
      folioOnly: endpoint.folioOnly,
      folioStatements: counts[i].folio,
      floorStatements: counts[i].floor,
      sameJson: counts[i].same,
    }));
    const report: BenchReport = {
      date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
      node: process.version,
      postgres: await serverVersion(db.url),
      database: db.description,
      rows,
      options: { ...options, only: undefined } as BenchReport['options'],
      folioEnv: options.folioEnv,
      startupMs: 0,
      loadAverage: loadavg()[0],
      endpoints: results,
    };
    if (!options.countOnly) {
      const profile = ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, 'results', 'profiles')}`];
      const folio = await startFolio(db.url, options.folioEnv, options.profile ? profile : []);
      report.startupMs = folio.startupMs;
      log(`Folio ready in ${folio.startupMs} ms`);
      const floor = await startFloor(db.url);
      // Each endpoint's own peak (the counter is reset before it), and the highest of them all.
      let peak = folio.memory().peakRssMb;
      report.startupPeakRssMb = peak;
      const endpointPeak = (i: number) => {
        results[i].folioPeakRssMb = folio.memory().peakRssMb;
        peak = Math.max(peak, results[i].folioPeakRssMb);
      };
      try {
        for (const [i, endpoint] of list.entries()) {
          // argon2 takes AUTH_ARGON2_MEMORY_KIB per login: the peak before the logins is the rest's.
          if (endpoint.kind === 'login') report.peakRssBeforeLoginMb = peak;
          folio.resetPeak();
          if (endpoint.folioOnly) {
            const alone = await alternateRounds(options.rounds, {
              folio: (n: number) =>
                load(folio, endpoint, { ...options, warmup: n === 0 ? options.warmup : 0 }),
            });
            Object.assign(results[i], alone);
            endpointPeak(i);
            log(`${endpoint.name}: Folio ${alone.folio.requestsPerSecond} req/s (no floor)`);
            continue;
          }
          const measured = await compare(folio, floor, endpoint, options);
          const ratio =
            measured.folio.requestsPerSecond / Math.max(1, measured.floor.requestsPerSecond);
          Object.assign(results[i], measured, { ratio });
          endpointPeak(i);
          if (endpoint.kind === 'read') report.rssAfterReadsMb = folio.memory().rssMb;
          log(
            `${endpoint.name}: Folio ${measured.folio.requestsPerSecond} req/s, floor ${measured.floor.requestsPerSecond} req/s`,
          );
        }
        report.peakRssMb = peak;
        report.loadAverage = Math.max(report.loadAverage, loadavg()[0]);
      } finally {
        await folio.stop();
        await floor.stop();
      }
    }
    console.log(`\n${markdown(report)}`);
    const files = writeReport(report, join(__dirname, 'results'));
    log(`wrote ${files.md} and ${files.json}`);
    // What CI can hold the harness to: every endpoint answered 2xx, with the floor's JSON. Never speed.
    const broken = results.filter((result) => !result.sameJson).map((result) => result.name);
    if (broken.length) throw new Error(`failing or differing answers: ${broken.join(', ')}`);
  } finally {
    await dbs.close(options.keep);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
