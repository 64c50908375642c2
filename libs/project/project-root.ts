import { config as loadDotenv } from 'dotenv';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The checkout's folder: the nearest one above this file (libs/project in the sources, dist/libs/project
 * in a build) that holds a package.json. `.env`, `.data/` and relative paths in the settings are the
 * checkout's, whatever folder Folio is started from: `npm start` runs in the checkout, a systemd unit
 * without `WorkingDirectory=` runs `node …/dist/src/main.js` in `/`, and both must find the same blog.
 */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..', '..');
  }
}

/** `path` in the checkout when it is relative (`.data/postgres`, a relative MEDIA_DIR); absolute as it is. */
export function inProject(path: string): string {
  return resolve(PROJECT_ROOT, path);
}

/** The checkout's `.env` into `process.env`; what the environment sets already wins, as before. */
export function loadProjectEnv(): void {
  loadDotenv({ path: join(PROJECT_ROOT, '.env'), quiet: true });
}
