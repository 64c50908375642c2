import { join } from 'node:path';
import { build } from './build';
import { ROOT } from './build-targets';
import { serverNodeOptions } from './node-heap';
import { SignalRelay } from './signal-relay';

/**
 * `npm start`: builds what changed since the last build, then runs `node dist/src/main.js` and passes it
 * the signals npm hands on (SIGTERM from a process manager, SIGINT on Ctrl-C), so that stopping npm
 * stops Folio and its embedded PostgreSQL. It exits with Folio's exit code.
 */
async function main(): Promise<void> {
  const relay = new SignalRelay();
  await build(relay, true);
  relay.exitIfSignalled();
  const entry = join(ROOT, 'dist', 'src', 'main.js');
  process.exitCode = await relay.run(process.execPath, [entry, ...process.argv.slice(2)], {
    cwd: process.cwd(),
    env: { ...process.env, NODE_OPTIONS: serverNodeOptions() },
  });
}

main().catch((error: unknown) => {
  console.error(`Folio could not start: ${(error as Error).message}`);
  process.exit(1);
});
