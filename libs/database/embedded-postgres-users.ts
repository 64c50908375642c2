import { randomBytes } from 'node:crypto';
import { promises as fs, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, unlessMissing } from './embedded-postgres-host';

/**
 * Who uses an embedded PostgreSQL server: each user (a process, or an instance in one) has a file
 * named `<pid>-<random>` in the data folder's `folio-users`, so the last one to leave stops the server,
 * whoever started it.
 */
export class ServerUsers {
  private mine: string | undefined;

  constructor(private readonly dataDir: string) {}

  private folder(): string {
    return join(this.dataDir, 'folio-users');
  }

  async register(): Promise<void> {
    await fs.mkdir(this.folder(), { recursive: true });
    const file = join(this.folder(), `${process.pid}-${randomBytes(4).toString('hex')}`);
    await fs.writeFile(file, '');
    this.mine = file;
  }

  /**
   * Removes this user's file; true when no other live user is left, so the server is to stop. Files
   * of processes that died (kill -9) are removed on the way. A user's file goes before it looks at the
   * others: two leaving at once never both leave the server running. False when it never registered
   * or has left already.
   */
  leave(): boolean {
    const mine = this.mine;
    if (mine === undefined) return false;
    this.mine = undefined;
    rmSync(mine, { force: true });
    const names = unlessMissing(() => readdirSync(this.folder()), [] as string[]);
    let others = 0;
    for (const name of names) {
      const pid = Number.parseInt(name, 10);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) others++;
      else rmSync(join(this.folder(), name), { force: true });
    }
    return others === 0;
  }
}
