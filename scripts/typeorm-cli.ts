import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** Runs the TypeORM CLI on the TypeScript sources (tsx), with the project's ormconfig.ts. */
export function typeormCli(args: string[], options: { cwd?: string } = {}): number {
  const cwd = options.cwd ?? ROOT;
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(cwd, 'node_modules/typeorm/cli.js'),
      ...args,
      '-d',
      resolve(cwd, 'ormconfig.ts'),
    ],
    { cwd, stdio: 'inherit', env: process.env },
  );
  return result.status ?? 1;
}
