import { createHash, randomBytes } from 'node:crypto';

/** A random 256-bit value, base64url: a token for a client, an OAuth state, nonce or PKCE verifier. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A random 256-bit token for the client, and the SHA-256 hash that is all the database keeps. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomSecret();
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
