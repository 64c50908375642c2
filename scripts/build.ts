import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  API,
  BuildTarget,
  inputsHash,
  outputExists,
  readStamp,
  ROOT,
  WEB,
  writeStamp,
} from './build-targets';
import { SignalRelay } from './signal-relay';

const say = (line: string) => console.log(`Folio: ${line}`);

/** Whether the target's output was built from exactly these inputs (a failed web build counts: not retried). */
function current(target: BuildTarget, hash: string): boolean {
  const stamp = readStamp(target);
  if (stamp?.hash !== hash) return false;
  return stamp.ok ? outputExists(target) : true;
}

async function buildApi(relay: SignalRelay, onlyChanged: boolean): Promise<void> {
  const hash = inputsHash(API);
  if (onlyChanged && current(API, hash)) return;
  say('building the API');
  const code = await relay.run(join(ROOT, 'node_modules', '.bin', 'nest'), ['build'], {
    cwd: ROOT,
  });
  relay.exitIfSignalled();
  if (code !== 0) {
    console.error('Folio: the API did not build (see the errors above)');
    process.exit(code);
  }
  writeStamp(API, { hash, ok: true });
}

/** The web site is optional: when it cannot build, the API serves /api without it, as before. */
async function buildWeb(relay: SignalRelay, onlyChanged: boolean): Promise<void> {
  if (!existsSync(join(ROOT, 'apps', 'web', 'node_modules'))) {
    say(
      'the web site dependencies are not installed (npm ci --prefix apps/web); serving /api only',
    );
    return;
  }
  const hash = inputsHash(WEB);
  if (onlyChanged && current(WEB, hash)) {
    if (readStamp(WEB)?.ok === false) {
      say('the web site did not build from these sources last time; serving /api only');
    }
    return;
  }
  say('building the web site');
  const code = await relay.run('npm', ['run', 'build', '--prefix', 'apps/web'], { cwd: ROOT });
  relay.exitIfSignalled();
  writeStamp(WEB, { hash, ok: code === 0 });
  if (code !== 0) say('the web site did not build; the API is built and serves /api without it');
}

/** Builds the API and the web site; with onlyChanged, only those whose inputs changed since their last build. */
export async function build(relay: SignalRelay, onlyChanged: boolean): Promise<void> {
  await buildApi(relay, onlyChanged);
  await buildWeb(relay, onlyChanged);
}

if (require.main === module) {
  // `npm run build`: everything, whatever the stamps say.
  build(new SignalRelay(), false).catch((error: unknown) => {
    console.error(`Folio: the build failed: ${(error as Error).message}`);
    process.exit(1);
  });
}
