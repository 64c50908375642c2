import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MigrationExecutor } from 'typeorm';
import cliDataSource from '../ormconfig';
import { typeormCli } from './typeorm-cli';

/**
 * `npm run migration:generate -- migrations/AddArticles` (or just `AddArticles`): a timestamped
 * migration from the difference between the entities and the database, formatted with Prettier.
 */
async function main(): Promise<number> {
  const name = process.argv[2];
  if (!name || name.startsWith('-')) {
    console.error('Usage: npm run migration:generate -- migrations/<Name>');
    return 2;
  }
  // The difference is taken from this database: one the migrations have not reached would put what
  // they create (the whole schema, on a fresh checkout) into the new migration.
  const pending = await pendingMigrations();
  if (pending.length > 0) {
    console.error(
      `Folio: ${pending.length} migration${pending.length === 1 ? ' is' : 's are'} not applied to this database (${pending[0]}${pending.length > 1 ? ', …' : ''}): run npm run migration:run first, or the new migration would hold what they create`,
    );
    return 1;
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

/** The names of the migrations the configured database has not run. */
async function pendingMigrations(): Promise<string[]> {
  const dataSource = await (await cliDataSource).initialize();
  try {
    return (await new MigrationExecutor(dataSource).getPendingMigrations()).map(
      (migration) => migration.name,
    );
  } finally {
    await dataSource.destroy();
  }
}

function safeList(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Folio: ${(error as Error).message}`);
    process.exit(1);
  },
);
