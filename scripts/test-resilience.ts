/**
 * `npm run test:resilience` runs the load, fault and fuzz tests in their long form (minutes);
 * `npm run test:resilience -- --quick` in the short form CI runs. Both are bounded in count and time.
 * Extra arguments go to Jest (e.g. a test file pattern). The figures are printed as `[resilience]` lines.
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jestArgs = args.filter((arg) => arg !== '--quick');
const result = spawnSync(
  process.execPath,
  [
    '--expose-gc',
    require.resolve('jest/bin/jest'),
    '--selectProjects',
    'resilience',
    '--runInBand',
    ...jestArgs,
  ],
  { stdio: 'inherit', env: { ...process.env, FOLIO_RESILIENCE: quick ? 'quick' : 'full' } },
);
process.exit(result.status ?? 1);
