import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Fewest random bytes `randomToken` will produce: 128 bits, the floor for a bearer secret. */
export const MIN_TOKEN_BYTES = 16;
/** Most random bytes `randomToken` will produce (a guard against a mistaken size). */
export const MAX_TOKEN_BYTES = 1024;

/**
 * A URL-safe random secret: `bytes` bytes from the CSPRNG, base64url without padding
 * (32 bytes give 43 characters). For refresh tokens, single-use links and the like.
 * Throws a RangeError unless `bytes` is an integer from 16 to 1024.
 */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES || bytes > MAX_TOKEN_BYTES) {
    throw new RangeError(`randomToken: bytes must be an integer from ${MIN_TOKEN_BYTES} to ${MAX_TOKEN_BYTES}`);
  }
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 of the token's UTF-8 bytes, as 64 lowercase hex characters: what is stored for a
 * refresh token or single-use link, so a database leak does not leak usable tokens. (A random
 * token of 128+ bits needs no salt or slow hash.)
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Constant-time string equality. Both strings are hashed with SHA-256 and the equal-length
 * digests compared with crypto.timingSafeEqual, so the time taken depends on neither the
 * content nor which string is longer; strings of different length are simply unequal.
 * Never throws (a non-string argument, possible from untyped callers, gives false).
 */
export function safeEqual(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  // a === b only runs once the digests match, i.e. when the strings are already equal.
  return timingSafeEqual(da, db) && a === b;
}
