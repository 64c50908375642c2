import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { reachableDataDir } from './embedded-postgres-host';

describe('reachableDataDir', () => {
  const postgresUid = userInfo().uid + 4242;
  let root: string;
  let left: string | undefined;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'folio-reachable-'));
  });

  afterEach(() => {
    for (const folder of [root, left]) if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** A checkout's data folder inside a home only its owner may enter. */
  function closedCheckout(): string {
    const home = join(root, 'home');
    mkdirSync(join(home, 'folio'), { recursive: true, mode: 0o700 });
    return join(home, 'folio', '.data', 'postgres');
  }

  it('keeps the data folder where it is when PostgreSQL runs as the same user', () => {
    expect(reachableDataDir('/anywhere/.data/postgres', {}, () => undefined)).toBe(
      '/anywhere/.data/postgres',
    );
  });

  it('moves a closed checkout’s cluster to the state folder, which survives a reboot, not the temp folder', () => {
    const lines: string[] = [];
    const state = join(root, 'state');
    const dir = reachableDataDir(
      closedCheckout(),
      { uid: postgresUid },
      (line) => lines.push(line),
      state,
    );
    expect(dir).toMatch(new RegExp(`^${state}/postgres-[0-9a-f]{12}$`));
    expect(lines.join('\n')).toContain('is closed to the postgres user');
  });

  it('keeps using a cluster an older version left in the temp folder, and says how to move it', () => {
    const dataDir = closedCheckout();
    const state = join(root, 'state');
    const kept = reachableDataDir(dataDir, { uid: postgresUid }, () => undefined, state);
    // Where versions before 2026-12-04 put it: the temp folder.
    left = join(tmpdir(), kept.slice(state.length + 1).replace('postgres-', 'folio-postgres-'));
    mkdirSync(left);
    writeFileSync(join(left, 'PG_VERSION'), '18\n');

    const lines: string[] = [];
    const levels: (string | undefined)[] = [];
    const log = (line: string, level?: string) => {
      lines.push(line);
      levels.push(level);
    };
    expect(reachableDataDir(dataDir, { uid: postgresUid }, log, state)).toBe(left);
    expect(lines.join('\n')).toContain(`mv ${left} ${kept}`);
    // A risk to the data: a warning, shown at LOG_LEVEL=warn too.
    expect(levels).toEqual(['warn']);

    // Once moved (a cluster in the state folder), that one is used.
    mkdirSync(kept, { recursive: true });
    writeFileSync(join(kept, 'PG_VERSION'), '18\n');
    expect(reachableDataDir(dataDir, { uid: postgresUid }, () => undefined, state)).toBe(kept);
  });
});
