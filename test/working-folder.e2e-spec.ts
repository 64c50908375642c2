import { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPort } from './support/test-port';
import { killNow, launchFolio, waitForDbStatus, waitForExit } from './support/launched-process';
import { createTestDatabase, TestDatabase } from './support/test-app';

const ROOT = join(__dirname, '..');

/**
 * A systemd unit without `WorkingDirectory=` (or a shell anywhere else) runs the built server by its
 * full path from another folder: `node /srv/folio/dist/src/main.js` in `/`. It must read the
 * checkout's `.env` and keep its files in the checkout's `.data/`, as `npm start` (which npm runs in the
 * checkout) does, not start an empty development blog in the working folder.
 */
describe('the built server started from another folder', () => {
  const made: string[] = [];
  let database: TestDatabase | undefined;
  let child: ChildProcess | undefined;

  afterAll(async () => {
    killNow(child);
    await database?.drop();
    for (const folder of made) rmSync(folder, { recursive: true, force: true });
  });

  it("reads the checkout's .env and keeps uploads in the checkout's .data, not the working folder's", async () => {
    // A deployed checkout: the build, package.json, its packages and the operator's .env.
    const checkout = mkdtempSync(join(tmpdir(), 'folio-deployed-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'folio-working-folder-'));
    made.push(checkout, elsewhere);
    cpSync(join(ROOT, 'dist'), join(checkout, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    database = await createTestDatabase();
    const port = await testPort();
    writeFileSync(
      join(checkout, '.env'),
      `PORT=${port}\nDATABASE_URL=${database.url}\nSITE_TITLE=From the checkout's .env\n`,
    );

    const launched = launchFolio([process.execPath, join(checkout, 'dist', 'src', 'main.js')], {
      cwd: elsewhere,
      env: { LOG_LEVEL: 'info' },
    });
    child = launched.child;
    await waitForDbStatus(`http://127.0.0.1:${port}`, child, 90_000, () => launched.log());
    const site = (await (await fetch(`http://127.0.0.1:${port}/api/site`)).json()) as {
      site: { title: string };
    };
    expect(site.site.title).toBe("From the checkout's .env");
    expect(existsSync(join(checkout, '.data', 'media'))).toBe(true);
    expect(existsSync(join(elsewhere, '.data'))).toBe(false);
    expect(launched.log()).not.toContain('embedded PostgreSQL');

    child.kill('SIGTERM');
    await expect(waitForExit(child, 30_000)).resolves.toBe(0);
  }, 120_000);
});
