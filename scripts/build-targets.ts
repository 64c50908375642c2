import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// What `npm start` builds, and how it knows a build is still current: a hash of the build's inputs
// (their paths and contents, so a checkout that only touches mtimes rebuilds nothing), kept in a stamp.

export const ROOT = join(__dirname, '..');

export interface BuildTarget {
  name: 'api' | 'web';
  /** Files and folders whose contents the output depends on. */
  inputs: string[];
  /**
   * A file every build rewrites. Its mtime is kept in the stamp: when the file is missing or another
   * build (`npm run build:api`, `nest build`) rewrote it, the output may be of other sources, so it is
   * built again whatever the hash says.
   */
  output: string;
  /** Files inside the inputs that the build ignores (tests). */
  skip?: RegExp;
}

export const API: BuildTarget = {
  name: 'api',
  inputs: [
    'src',
    'libs',
    'migrations',
    'ormconfig.ts',
    'tsconfig.json',
    'tsconfig.build.json',
    'nest-cli.json',
    'package-lock.json',
  ],
  output: 'dist/src/main.js',
  skip: /\.spec\.ts$/,
};

export const WEB: BuildTarget = {
  name: 'web',
  inputs: [
    'apps/web/src',
    'apps/web/public',
    'apps/web/index.html',
    'apps/web/quasar.config.ts',
    // The build's own steps: the Vite plugins (precompression, the route list) and the types generator.
    'apps/web/build',
    'apps/web/scripts',
    'apps/web/tsconfig.json',
    'apps/web/package.json',
    'apps/web/package-lock.json',
  ],
  output: 'apps/web/dist/spa/index.html',
};

interface Stamp {
  hash: string;
  /** False when the build failed on these inputs: the web build is then not retried until they change. */
  ok: boolean;
  /** The output's mtime right after this build. */
  outputMtimeMs?: number;
}

const STAMPS = join(ROOT, 'node_modules', '.cache', 'folio-build');

export function inputsHash(target: BuildTarget): string {
  const hash = createHash('sha256');
  const add = (path: string) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) add(join(path, entry));
    } else if (!target.skip?.test(path)) {
      hash.update(relative(ROOT, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const input of target.inputs) add(join(ROOT, input));
  return hash.digest('hex');
}

export function readStamp(target: BuildTarget): Stamp | undefined {
  try {
    return JSON.parse(readFileSync(join(STAMPS, `${target.name}.json`), 'utf8')) as Stamp;
  } catch {
    return undefined;
  }
}

export function writeStamp(target: BuildTarget, stamp: Stamp): void {
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(join(STAMPS, `${target.name}.json`), `${JSON.stringify(stamp)}\n`);
}

/** The output's mtime, or undefined when it is missing. */
export function outputMtime(target: BuildTarget): number | undefined {
  const output = join(ROOT, target.output);
  return existsSync(output) ? statSync(output).mtimeMs : undefined;
}
