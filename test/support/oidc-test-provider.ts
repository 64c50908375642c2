import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { collectOutput } from './launched-process';
import type { ProviderSettings } from './oidc-provider-process';

export interface OidcTestProvider {
  issuer: string;
  child: ChildProcess;
  stop(): void;
}

/** Starts test/support/oidc-provider-process.ts and waits for its issuer URL. */
export async function startOidcProvider(settings: ProviderSettings): Promise<OidcTestProvider> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'oidc-provider-process.ts')],
    {
      cwd: join(__dirname, '../..'),
      env: { PATH: process.env.PATH, OIDC_TEST_SETTINGS: JSON.stringify(settings) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = collectOutput(child);
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`provider did not start: ${output.stderr.join('')}`)),
      30000,
    );
    child.stdout?.on('data', () => {
      const line = /listening (\S+)/.exec(output.stdout.join(''));
      if (line) {
        clearTimeout(timer);
        resolve(line[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`provider exited (${code}): ${output.stderr.join('')}`));
    });
  });
  return { issuer, child, stop: () => child.kill('SIGKILL') };
}
