import { urlProblem } from '../../libs/database/database-url';
import { StartupError } from '../../libs/database/startup-error';

/** The process environment, or a test's stand-in for it. */
export type Env = Record<string, string | undefined>;

/** Reads one variable; a bad value is a StartupError naming it. */
export class EnvReader {
  /** Every variable read, so a test can hold .env.example to the full list. */
  readonly names = new Set<string>();

  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    this.names.add(name);
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.string(name, fallback);
    if (!allowed.includes(value as T)) {
      throw this.invalid(name, `must be one of ${allowed.join(', ')}`, value);
    }
    return value as T;
  }

  /** A value that must match `pattern`; `rule` says what it must be. */
  matching(name: string, fallback: string, pattern: RegExp, rule: string): string {
    const value = this.string(name, fallback);
    if (!pattern.test(value)) throw this.invalid(name, rule, value);
    return value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name, String(fallback));
    const value = Number(raw);
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      throw this.invalid(name, `must be a whole number from ${min} to ${max}`, raw);
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.string(name, String(fallback)).toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    throw this.invalid(name, 'must be true or false', raw);
  }

  url(name: string, protocols: string[]): string | undefined {
    this.names.add(name);
    const raw = this.env[name];
    if (!raw) return undefined;
    const problem = urlProblem(raw, protocols);
    if (problem) throw this.invalid(name, problem);
    return raw;
  }

  /** Secrets and URLs with passwords are never echoed back. */
  private invalid(name: string, rule: string, shown?: string): StartupError {
    return new StartupError(
      `Invalid configuration: ${name} ${rule}${shown === undefined ? '' : ` (got "${shown}")`}`,
    );
  }
}
