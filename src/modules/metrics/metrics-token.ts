import { createHash, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'ok' | 'missing' | 'invalid';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The scraper's `Authorization: Bearer <METRICS_TOKEN>`. Both sides are hashed before the constant-time
 * comparison, so neither the token's characters nor its length show in the time an answer takes.
 */
export class MetricsToken {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    if (!match) return authorization ? 'invalid' : 'missing';
    return timingSafeEqual(digest(match[1]), this.expected) ? 'ok' : 'invalid';
  }
}
