import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  API,
  BuildTarget,
  inputsHash,
  outputMtime,
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
  if (!stamp.ok) return true;
  const mtime = outputMtime(target);
  return mtime !== undefined && mtime === stamp.outputMtimeMs;
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
  writeStamp(API, { hash, ok: true, outputMtimeMs: outputMtime(API) });
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
  writeStamp(WEB, { hash, ok: code === 0, outputMtimeMs: outputMtime(WEB) });
  if (code !== 0) say('the web site did not build; the API is built and serves /api without it');
  // Quasar's own build ends with its tips for serving the files (`quasar serve`): Folio serves them.
  else say('the web site is built: `npm start` serves it with the API (no `quasar serve` needed)');
}

/** Builds the API and the web site; with onlyChanged, only those whose inputs changed since their last build. */
export async function build(
  relay: SignalRelay,
  onlyChanged: boolean,
  targets: BuildTarget['name'][] = ['api', 'web'],
): Promise<void> {
  if (targets.includes('api')) await buildApi(relay, onlyChanged);
  if (targets.includes('web')) await buildWeb(relay, onlyChanged);
}

if (require.main === module) {
  // `npm run build`: everything, whatever the stamps say. `-- --changed` builds only what changed,
  // `-- api` or `-- web` one of them (what a test that runs the built app needs).
  const args = process.argv.slice(2);
  const targets = args.filter((arg): arg is BuildTarget['name'] => arg === 'api' || arg === 'web');
  build(new SignalRelay(), args.includes('--changed'), targets.length ? targets : undefined).catch(
    (error: unknown) => {
      console.error(`Folio: the build failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
