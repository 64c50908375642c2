import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWebRoot } from './web.module';

describe('findWebRoot', () => {
  let project: string;

  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'folio-root-'));
    mkdirSync(join(project, 'dist', 'src', 'modules', 'web'), { recursive: true });
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  it('finds apps/web/dist/spa above the compiled module', () => {
    const spa = join(project, 'apps', 'web', 'dist', 'spa');
    mkdirSync(spa, { recursive: true });
    writeFileSync(join(spa, 'index.html'), '<!doctype html>');
    expect(findWebRoot(join(project, 'dist', 'src', 'modules', 'web'))).toBe(spa);
  });

  it('is undefined when the site is not built', () => {
    mkdirSync(join(project, 'apps', 'web', 'dist', 'spa'), { recursive: true });
    expect(findWebRoot(join(project, 'dist', 'src', 'modules', 'web'))).toBeUndefined();
  });
});
