import { promises as fs, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { isAlive, type StartLog, unlessMissing } from './embedded-postgres-host';
import { StartupError } from './startup-error';

/** How long a start waits for another process's start of the same server (initdb included). */
const START_LOCK_WAIT_MS = 180_000;

/** The pid the lock file names, if that process is alive; undefined for none, an empty file or a dead one. */
function liveHolder(lock: string): number | undefined {
  const pid = Number.parseInt(
    unlessMissing(() => readFileSync(lock, 'utf8'), ''),
    10,
  );
  return Number.isInteger(pid) && isAlive(pid) ? pid : undefined;
}

/**
 * Runs `work` holding `<dataDir>.starting`, a file made with O_EXCL that names its holder: a holder
 * that died (kill -9) leaves it behind, and the next start takes it over.
 */
export async function withStartLock<T>(
  dataDir: string,
  log: StartLog,
  work: () => Promise<T>,
): Promise<T> {
  const lock = `${dataDir}.starting`;
  await fs.mkdir(dirname(lock), { recursive: true });
  const deadline = Date.now() + START_LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      await fs.writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = liveHolder(lock);
    // A holder that is gone, or a file caught before its pid was written and found empty twice.
    if (holder === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (liveHolder(lock) === undefined) rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new StartupError(
        `Another Folio (pid ${holder}) has been starting the embedded PostgreSQL in ${dataDir} for ` +
          `${START_LOCK_WAIT_MS / 1000} s; stop it, or remove ${lock} if no Folio runs`,
      );
    }
    if (!told) log(`Waiting for another Folio (pid ${holder}) to start the embedded PostgreSQL`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}
