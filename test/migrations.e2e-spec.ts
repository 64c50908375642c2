import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useMigrationWorkspace } from './support/project-copy';

const ROOT = resolve(__dirname, '..');

/**
 * The migration workflow, run the way a developer runs it (npm scripts, the TypeORM CLI), in a copy of
 * the project with a new feature module added, against an empty database of its own.
 */
describe('migrations workflow', () => {
  const workspace = useMigrationWorkspace();

  const run = (command: string, args: string[]) =>
    workspace.project.run(command, args, { DATABASE_URL: workspace.database.url });
  const npm = (...args: string[]) => run('npm', ['run', '-s', ...args]);
  const tableExists = async (name: string) =>
    (await workspace.db.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [name])).rows[0]
      .t !== null;
  const applied = async () =>
    (
      await workspace.db.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')
    ).rows.map((r) => r.name);
  const migrationFiles = () => readdirSync(workspace.project.path('migrations')).sort();

  it('refuses to generate against a database the migrations have not reached, saying why', async () => {
    // A fresh checkout, or a teammate's new migrations pulled: the difference from this database would
    // be the whole schema, written into the new migration.
    const before = migrationFiles();
    const generate = await npm('migration:generate', '--', 'migrations/Premature');
    expect(generate.code).toBe(1);
    expect(generate.stderr).toMatch(
      /^Folio: \d+ migrations are not applied to this database \(\w+\d{13}, …\): run npm run migration:run first/m,
    );
    expect(migrationFiles()).toEqual(before);
  });

  it.each([
    [
      'a database it cannot reach',
      'postgres://postgres@127.0.0.1:1/nowhere',
      'Folio: Cannot reach PostgreSQL at 127.0.0.1:1 (connection refused): is it running? Check DATABASE_URL (outside production, unset it to use the embedded PostgreSQL)',
    ],
    [
      // Before: TypeORM's `URIError: URI malformed` and its stack (the password was not shown).
      'a password with a stray %',
      'postgres://postgres:50%off-long-secret@127.0.0.1:1/nowhere',
      'Folio: Invalid configuration: DATABASE_URL has a % in its password that is not followed by two hex digits (write % as %25)',
    ],
  ])('%s is one line, as npm start says it, not a stack', async (_case, url, line) => {
    for (const script of ['migration:show', 'migration:run', 'migration:generate']) {
      const result = await workspace.project.run(
        'npm',
        ['run', '-s', script, ...(script === 'migration:generate' ? ['--', 'X'] : [])],
        { DATABASE_URL: url },
      );
      expect([script, result.code]).toEqual([script, 1]);
      expect(result.stderr.trim()).toBe(line);
    }
  });

  it('applies every migration, then finds no drift between entities and schema', async () => {
    const run = await npm('migration:run');
    expect(run.code).toBe(0);
    expect(await applied()).toHaveLength(
      readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.ts')).length,
    );
    const check = await npm('migration:check');
    expect(check.stdout).toContain('No changes in database schema were found');
    expect(check.code).toBe(0);
  });

  it('a new module’s entity is found by glob: check fails, generate writes its migration', async () => {
    mkdirSync(workspace.project.path('src/modules/widgets'), { recursive: true });
    writeFileSync(
      workspace.project.path('src/modules/widgets/widget.entity.ts'),
      `import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../../libs/database/base.entity';

@Entity()
export class Widget extends BaseEntity {
  @Column({ type: 'varchar', length: 80 })
  displayName: string;
}
`,
    );
    const check = await npm('migration:check');
    expect(check.code).not.toBe(0);

    const before = migrationFiles();
    const generate = await npm('migration:generate', '--', 'migrations/AddWidgets');
    expect(generate.code).toBe(0);
    const created = migrationFiles().filter((file) => !before.includes(file));
    expect(created).toEqual([expect.stringMatching(/^\d{13}-AddWidgets\.ts$/)]);
    const source = readFileSync(workspace.project.path('migrations', created[0]), 'utf8');
    expect(source).toContain('CREATE TABLE "widgets"');
    expect(source).toContain('"display_name" character varying(80) NOT NULL');
    expect(source).toContain('DROP TABLE "widgets"');
    // Formatted with the project's Prettier settings.
    expect(source).toContain("from 'typeorm';");
  });

  it('migration:sql prints the pending SQL and changes nothing', async () => {
    const before = await applied();
    const preview = await npm('migration:sql');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/-- Migration \d+-?AddWidgets|-- Migration AddWidgets\d+/);
    expect(preview.stdout).toContain('CREATE TABLE "widgets"');
    expect(await tableExists('widgets')).toBe(false);
    expect(await applied()).toEqual(before);
  });

  it('run, revert and run again round-trip the schema', async () => {
    expect((await npm('migration:run')).code).toBe(0);
    expect(await tableExists('widgets')).toBe(true);
    expect((await npm('migration:check')).code).toBe(0);

    expect((await npm('migration:revert')).code).toBe(0);
    expect(await tableExists('widgets')).toBe(false);
    // The check compares the entities with the migrations, not with this reverted workspace.database.
    const check = await npm('migration:check');
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);

    // The plain TypeORM CLI works on the same ormconfig.ts.
    const cli = await run(process.execPath, [
      '--import',
      'tsx',
      'node_modules/typeorm/cli.js',
      'migration:run',
      '-d',
      'ormconfig.ts',
    ]);
    expect(cli.code).toBe(0);
    expect(await tableExists('widgets')).toBe(true);
    const show = await npm('migration:show');
    expect(show.stdout).toMatch(/\[X\] \d+ AddWidgets/);
  });

  it('a migration that fails leaves the schema as it was', async () => {
    writeFileSync(
      workspace.project.path('migrations/9999999999999-Broken.ts'),
      `import { MigrationInterface, QueryRunner } from 'typeorm';

export class Broken9999999999999 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE half_done (id integer)');
    await queryRunner.query('SELECT 1 / 0');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE half_done');
  }
}
`,
    );
    const before = await applied();
    const result = await npm('migration:run');
    expect(result.code).not.toBe(0);
    // The statement that failed and why, not every statement before it.
    expect(result.stderr).toContain('query failed: SELECT 1 / 0');
    expect(result.stderr).toContain('error: division by zero');
    expect(result.stdout + result.stderr).not.toContain('CREATE TABLE half_done');
    expect(await tableExists('half_done')).toBe(false);
    expect(await applied()).toEqual(before);
  });
});
