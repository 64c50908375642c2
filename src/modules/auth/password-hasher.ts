import { Algorithm, hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { AuthConfig } from '../../config/app-config';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** argon2id with the configured parameters; a plain class so the CLI can use it without Nest. */
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(private readonly params: AuthConfig['argon2']) {}

  hash(password: string): Promise<string> {
    return hash(password, {
      algorithm: Algorithm.Argon2id,
      memoryCost: this.params.memoryKib,
      timeCost: this.params.iterations,
      parallelism: this.params.parallelism,
    });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
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
