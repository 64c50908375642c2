/**
 * Where a CPU profile's time went: `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]`.
 * Self time summed by owner (an npm package, a folder of Folio, Node's own code, the engine's
 * entries such as (garbage collector) and (idle)) and by function, biggest first, as shares of the
 * busy time (everything but idle). `npm run bench -- --profile` writes the profiles it reads.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a file belongs to (the innermost node_modules entry), else Folio's folder or Node's. */
function ownerOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.match(/\/dist\/(.+)\/[^/]+$/);
  return dist ? `folio:${dist[1]}` : url;
}

function add(totals: Map<string, number>, key: string, micros: number): void {
  totals.set(key, (totals.get(key) ?? 0) + micros);
}

function print(title: string, totals: Map<string, number>, busy: number, top: number): void {
  console.log(`\n${title}`);
  const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, micros] of rows) {
    console.log(`${((100 * micros) / busy).toFixed(1).padStart(6)} %  ${key}`);
  }
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  const top = Number(topArg ?? 30);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let idle = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0;
    const { functionName, url, lineNumber } = (nodes.get(id) as ProfileNode).callFrame;
    total += micros;
    if (functionName === '(idle)') {
      idle += micros;
      return;
    }
    const owner = ownerOf(url, functionName);
    add(byOwner, owner, micros);
    add(byFunction, `${functionName || '(anonymous)'} ${owner}:${lineNumber + 1}`, micros);
  });
  const busy = total - idle;
  console.log(
    `${file}: ${(total / 1e6).toFixed(1)} s sampled, busy ${((100 * busy) / total).toFixed(0)} %`,
  );
  print('Self time by owner (share of busy time)', byOwner, busy, top);
  print('Self time by function', byFunction, busy, top);
}

main();
