import { rmSync, writeFileSync } from 'node:fs';
import { ProjectCopy } from './support/project-copy';

/**
 * `npm run lint:deps` (part of `npm test`) on a copy of the project with one import added: it fails on
 * each kind of boundary crossing, naming the rule and the file, and lets a module's offer through.
 */
describe('module boundaries (dependency-cruiser)', () => {
  let project: ProjectCopy;
  const probes: string[] = [];

  beforeAll(() => {
    project = ProjectCopy.create();
  });

  afterAll(() => project.remove());

  /** The project's lint with `importLine` in a new file at `path` (the previous probe removed). */
  async function lintWith(path: string, importLine: string) {
    for (const probe of probes.splice(0)) rmSync(probe, { force: true });
    const file = project.path(path);
    probes.push(file);
    writeFileSync(file, `${importLine}\nexport const probe = [used];\n`);
    const result = await project.run('npm', ['run', '-s', 'lint:deps'], {}, 120_000);
    return { code: result.code, output: result.stdout + result.stderr };
  }

  const IN_A_MODULE = 'src/modules/comments/boundary-probe.ts';

  it.each([
    [
      "another module's repository",
      IN_A_MODULE,
      "import { ArticlesRepository as used } from '../posts/articles.repository';",
      'module-offers-by-name',
    ],
    [
      'a service its module does not export (Nest would not inject it)',
      IN_A_MODULE,
      "import { FavoritesService as used } from '../posts/favorites.service';",
      'module-exports-its-services',
    ],
    [
      'the application imported by libs/',
      'libs/database/boundary-probe.ts',
      "import { CommentsService as used } from '../../src/modules/comments/comments.service';",
      'libs-know-no-app',
    ],
    [
      "a module's internals re-exported through src/common",
      'src/common/boundary-probe.ts',
      "export { ArticlesRepository as used } from '../modules/posts/articles.repository';",
      'shared-knows-no-feature',
    ],
    [
      "another module's entity outside an entity file (to read its table)",
      IN_A_MODULE,
      "import { User as used } from '../accounts/user.entity';",
      'foreign-entities-for-keys-only',
    ],
  ])('fails on %s, naming the rule and the file', async (_what, path, importLine, rule) => {
    const { code, output } = await lintWith(path, importLine);
    expect(code).not.toBe(0);
    expect(output).toContain(rule);
    expect(output).toContain(path);
  });

  it('lets a service the module exports through', async () => {
    const { code, output } = await lintWith(
      IN_A_MODULE,
      "import { ArticlesService as used } from '../posts/articles.service';",
    );
    expect([code, output]).toEqual([0, expect.stringContaining('no dependency violations')]);
  });

  it("lets an entity file import another module's entity, for its foreign key", async () => {
    const { code, output } = await lintWith(
      'src/modules/comments/boundary-probe.entity.ts',
      "import { User as used } from '../accounts/user.entity';",
    );
    expect([code, output]).toEqual([0, expect.stringContaining('no dependency violations')]);
  });
});
