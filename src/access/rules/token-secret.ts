import { hash, randomBytes } from 'node:crypto';

/** Every token starts with this, so that leaked tokens are easy to recognise and scan for. */
export const TOKEN_PREFIX = 'rls_';

/** A new random token: 32 bytes of entropy, URL-safe. */
export function generateTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * What is stored: the hex SHA-256 of the token (a fast hash is right for 256-bit random secrets). Computed on every
 * request: the one-shot `hash` takes about a third of `createHash`'s time on a string this short.
 */
export function hashTokenSecret(secret: string): string {
  return hash('sha256', secret, 'hex');
}
