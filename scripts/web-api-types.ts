import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * `npm run web:api-types`: writes the OpenAPI document the server serves at /docs-json to
 * apps/web/src/api/openapi.json, then regenerates the web app's types (apps/web/src/api/schema.ts) from it.
 *
 * The document comes from the app the e2e tests build (test/web-api-document.e2e-spec.ts, told to write
 * instead of compare): the app's modules need a database, and the tests' set-up provides one (the server
 * in DATABASE_URL, or an embedded PostgreSQL), so no running Folio is needed. `npm test` runs the same
 * file in its comparing form. schema.ts is not committed: the web app's install, dev, build and check write it.
 */
const root = join(__dirname, '..');

function run(step: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) {
    console.error(
      `web:api-types: ${step} failed (${result.error?.message ?? `exit ${result.status}`})`,
    );
    process.exit(result.status || 1);
  }
}

run(
  'writing the served document',
  process.execPath,
  [
    join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
    'test/web-api-document.e2e-spec.ts',
    '--selectProjects',
    'e2e',
  ],
  { FOLIO_WRITE_API_DOCUMENT: '1' },
);
run('generating the types', 'npm', ['run', '-s', 'api-types', '--prefix', 'apps/web']);
