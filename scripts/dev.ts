import { loadProjectEnv } from '../libs/project/project-root';
import { join } from 'node:path';
import { resolveDatabase } from '../libs/database/database-url';
import { ROOT } from './build-targets';
import { SignalRelay } from './signal-relay';

/**
 * `npm run start:dev`: `nest start --watch` on one embedded PostgreSQL for the whole session. The app
 * restarts on every change; started by the app, the database would stop and start with it, and requests
 * made meanwhile would fail. This process starts it once, hands the app its URL, and stops it when the
 * watcher ends (Ctrl-C, SIGTERM).
 */
async function main(): Promise<void> {
  loadProjectEnv();
  const relay = new SignalRelay();
  const nest = join(ROOT, 'node_modules', '.bin', 'nest');
  // Its own output folder (.data/dev-build): `npm start`'s dist/ and its build stamp stay as they are,
  // and a `nest build` meanwhile does not delete files from under the watcher. No shell between the
  // watcher and the app: a shell does not pass on the SIGTERM that the watcher forwards.
  // The app runs through dev-app.cjs, which reads an entry path with a space as Nest's CLI quotes it.
  const args = [
    'start',
    '--watch',
    '--no-shell',
    '--exec',
    join(ROOT, 'scripts', 'dev-app.cjs'),
    '--path',
    'tsconfig.dev.json',
    ...process.argv.slice(2),
  ];

  // The configured database, or the embedded one started (or joined) once for the whole session.
  const database = await resolveDatabase(process.env, (line) => console.log(`Folio dev: ${line}`));
  try {
    if (relay.received) return;
    process.exitCode = await relay.run(nest, args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: database.url },
    });
  } finally {
    await database.embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`Folio could not start: ${(error as Error).message}`);
  process.exit(1);
});
