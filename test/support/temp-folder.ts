import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh temp folder that an embedded PostgreSQL may live in: when we are root, PostgreSQL runs as the
 * postgres user, which must be able to enter it.
 */
export function tempFolderForPostgres(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(folder, 0o755);
  return folder;
}
