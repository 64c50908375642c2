import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testPort } from './support/test-port';
import { processesUsing } from './support/built-app';
import { useMigrationWorkspace } from './support/project-copy';
import { tempFolderForPostgres } from './support/temp-folder';

/**
 * TypeORM's own CLI as its documentation shows it, typed in a terminal of a checkout: the ts-node
 * binary on ormconfig.ts, and the plain binary on the build's dist/ormconfig.js; on DATABASE_URL
 * and on the embedded PostgreSQL.
 */
describe('the TypeORM CLI from the terminal', () => {
  const workspace = useMigrationWorkspace();
  const landed = readdirSync(join(__dirname, '..', 'migrations')).filter((f) => f.endsWith('.ts'));

  const onUrl = () => ({ DATABASE_URL: workspace.database.url });
  const typeormTs = (args: string[], env: Record<string, string> = onUrl()) =>
    workspace.project.run('npx', ['typeorm-ts-node-commonjs', ...args, '-d', 'ormconfig.ts'], env);
  const typeormJs = (args: string[]) =>
    workspace.project.run('npx', ['typeorm', ...args, '-d', 'dist/ormconfig.js'], onUrl());
  const notesTable = async () =>
    (await workspace.db.query<{ t: string | null }>("SELECT to_regclass('notes') AS t")).rows[0]
      .t !== null;

  it('npx typeorm-ts-node-commonjs … -d ormconfig.ts: run, show, generate, run, revert', async () => {
    const run = await typeormTs(['migration:run']);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    // A line each migration, not each of its statements (README: Migrations).
    const ran = run.stdout.match(/^Migration \w+\d{13} has been executed successfully\.$/gm);
    expect(ran).toHaveLength(landed.length);
    expect(run.stdout).not.toMatch(/^query:|CREATE TABLE/m);
    const show = await typeormTs(['migration:show']);
    expect(show.stdout.match(/^\[X\] \d+ \w+\d{13}$/gm)).toHaveLength(landed.length);

    // ts-node emits decorator metadata: a column's type may come from its TypeScript type.
    mkdirSync(workspace.project.path('src/modules/notes'));
    writeFileSync(
      workspace.project.path('src/modules/notes/note.entity.ts'),
      `import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

@Entity()
export class Note extends BaseEntity {
  @Column()
  title: string;
}
`,
    );
    const generate = await typeormTs(['migration:generate', 'migrations/AddNotes']);
    expect(generate.code).toBe(0);
    const created = readdirSync(workspace.project.path('migrations')).filter((f) =>
      f.endsWith('-AddNotes.ts'),
    );
    expect(created).toHaveLength(1);
    const source = readFileSync(workspace.project.path('migrations', created[0]), 'utf8');
    expect(source).toContain('CREATE TABLE "notes"');
    expect(source).toContain('"title" character varying NOT NULL');

    expect((await typeormTs(['migration:run'])).code).toBe(0);
    expect(await notesTable()).toBe(true);
    expect((await typeormTs(['migration:revert'])).code).toBe(0);
    expect(await notesTable()).toBe(false);
    expect((await typeormTs(['migration:show'])).stdout).toMatch(/^\[ \] AddNotes\d{13}$/m);
  }, 120_000);

  it('npx typeorm … -d dist/ormconfig.js after npm run build:api: run, show, revert', async () => {
    const build = await workspace.project.run('npm', ['run', '-s', 'build:api'], {}, 180_000);
    expect(build.code).toBe(0);

    const run = await typeormJs(['migration:run']);
    expect(run.code).toBe(0);
    expect(await notesTable()).toBe(true);
    const show = await typeormJs(['migration:show']);
    expect(show.stdout.match(/^\[X\] \d+ \w+\d{13}$/gm)).toHaveLength(landed.length + 1);
    expect((await typeormJs(['migration:revert'])).code).toBe(0);
    expect(await notesTable()).toBe(false);
  }, 240_000);

  it('with no DATABASE_URL: the embedded PostgreSQL is started for the command and stopped after', async () => {
    const home = tempFolderForPostgres('folio-cli-pg-');
    const dataDir = join(home, 'postgres');
    const env = { EMBEDDED_PG_DATA: dataDir, EMBEDDED_PG_PORT: String(await testPort()) };
    try {
      const run = await typeormTs(['migration:run'], env);
      expect(run.code).toBe(0);
      expect(processesUsing(dataDir)).toEqual([]);
      const show = await typeormTs(['migration:show'], env);
      expect(show.stdout.match(/^\[X\] \d+ \w+\d{13}$/gm)).toHaveLength(landed.length + 1);
      expect((await typeormTs(['migration:revert'], env)).code).toBe(0);
      expect((await typeormTs(['migration:show'], env)).stdout).toMatch(/^\[ \] AddNotes\d{13}$/m);
      expect(processesUsing(dataDir)).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
