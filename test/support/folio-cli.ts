import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** `npm run cli`'s own command (package.json), its `node` being this Node. */
const [node, ...NODE_ARGS] = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { cli: string } }
).scripts.cli.split(' ');
if (node !== 'node') throw new Error(`npm run cli is expected to run node, not ${node}`);

/** `npm run cli -- <args>` from the project's folder, with `env` over this process's environment. */
export function folioCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [...NODE_ARGS, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}
