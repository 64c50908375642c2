import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startFloor } from './floor/start-floor';
import { startFolio } from './folio-process';
const db = 'postgres://postgres@127.0.0.1:5432/folio_bench_10000';
const ticks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]);
};
const pgTicks = () =>
  execSync('ps -C postgres -o cputimes= 2>/dev/null || ps -C postgres -o times=')
    .toString()
    .split('\n')
    .filter(Boolean)
    .reduce((a, b) => a + Number(b) * 100, 0);
const pidOn = (port: number) =>
  Number(/pid=(\d+)/.exec(execSync(`ss -ltnp | grep :${port}`).toString())![1]);
async function measure(url: string, port: number, path: string, headers: Record<string, string>) {
  await autocannon({ url: url + path, connections: 32, amount: 2000, headers });
  const pid = pidOn(port);
  const n0 = ticks(pid);
  const p0 = pgTicks();
  const t0 = Date.now();
  const r = await autocannon({ url: url + path, connections: 32, amount: 10000, headers });
  const dt = (Date.now() - t0) / 1000;
  return `${(r.requests.total / dt).toFixed(0)} req/s, node ${((((ticks(pid) - n0) * 10) / r.requests.total) * 1000).toFixed(0)} µs/req, pg ${((((pgTicks() - p0) * 10) / r.requests.total) * 1000).toFixed(0)} µs/req`;
}
async function main() {
  const path = process.argv[2];
  const headers: Record<string, string> = process.argv[3]
    ? { authorization: `Token ${process.argv[3]}` }
    : {};
  const folio = await startFolio(db);
  console.log('folio', await measure(folio.url, 3105, path, headers));
  await folio.stop();
  const floor = await startFloor(db);
  console.log('floor', await measure(floor.url, 3106, path, headers));
  await floor.stop();
}
void main();
