import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { AuthConfig } from '../../config/app-config';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Runs at most `limit` tasks at once; the others wait their turn, first come first served. */
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/**
 * argon2id with the configured parameters; a plain class so the CLI can use it without Nest. At most
 * `concurrency` hashes run at once: each takes a core and `memoryKib` of memory, and a burst of logins
 * must leave the other requests a core (and the process its memory).
 */
export class PasswordHasher {
  private dummy?: Promise<string>;
  private readonly gate: ConcurrencyGate;

  constructor(private readonly params: AuthConfig['argon2']) {
    this.gate = new ConcurrencyGate(params.concurrency);
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() =>
      hash(password, {
        algorithm: Algorithm.Argon2id,
        memoryCost: this.params.memoryKib,
        timeCost: this.params.iterations,
        parallelism: this.params.parallelism,
      }),
    );
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await this.gate.run(() => verify(passwordHash, password));
    } catch {
      // A malformed stored hash is a failed login, never a 500 that tells the account exists.
      return false;
    }
  }

  /**
   * Spends the same time as a real verification, for logins with an unknown email: the hash it checks
   * against is made once with the current parameters.
   */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    await this.verify(await this.dummy, password);
    return false;
  }

  async warmUp(): Promise<void> {
    await this.verifyNothing('');
  }

  /** True when the hash was made with other parameters (or another algorithm) than the current ones. */
  needsRehash(passwordHash: string): boolean {
    const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
    if (!match) return true;
    const [, m, t, p] = match.map(Number);
    return (
      m !== this.params.memoryKib || t !== this.params.iterations || p !== this.params.parallelism
    );
  }
}
