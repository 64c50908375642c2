import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { typeormCli } from './typeorm-cli';

/**
 * `npm run migration:generate -- migrations/AddArticles` (or just `AddArticles`): a timestamped
 * migration from the difference between the entities and the database, formatted with Prettier.
 */
function main(): number {
  const name = process.argv[2];
  if (!name || name.startsWith('-')) {
    console.error('Usage: npm run migration:generate -- migrations/<Name>');
    return 2;
  }
  const target = name.includes('/') ? resolve(name) : resolve('migrations', name);
  const folder = dirname(target);
  const before = new Set(safeList(folder));
  const status = typeormCli(['migration:generate', target, '--pretty']);
  if (status !== 0) return status;
  const created = safeList(folder).filter(
    (file) => !before.has(file) && file.endsWith(`-${basename(target)}.ts`),
  );
  if (created.length > 0) {
    spawnSync(
      process.execPath,
      [
        require.resolve('prettier/bin/prettier.cjs'),
        '--write',
        ...created.map((f) => join(folder, f)),
      ],
      {
        stdio: 'inherit',
      },
    );
  }
  return 0;
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

process.exitCode = main();
