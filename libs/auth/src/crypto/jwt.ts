import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JSON Web Tokens (RFC 7519 / RFC 7515), with nothing but node:crypto.
 *
 * Only HS256 is ever produced or accepted: the algorithm is fixed by this module, never taken
 * from the token, so `alg: none` and algorithm-confusion tokens (RS256 signed with a public key
 * used as an HMAC secret) are refused.
 */

/** Fewest key bytes accepted: RFC 7518 section 3.2 requires a key at least as long as the hash. */
export const MIN_JWT_KEY_BYTES = 32;

/** Default allowance for clock skew between servers, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

const HEADER_B64 = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'utf8').toString('base64url');

/** One base64url segment without padding (header and payload must be non-empty). */
const B64URL = /^[A-Za-z0-9_-]+$/;

export interface SignJwtOptions {
  /** Lifetime: `exp` = `iat` + this. Must be a positive finite number. */
  expiresInSeconds: number;
  /** "Now" in epoch seconds (default: the current time, rounded down). */
  now?: number;
}

export interface VerifyJwtOptions {
  /** "Now" in epoch seconds (default: the current time, rounded down). */
  now?: number;
  /** Allowance for clock skew on `exp`, `iat` and `nbf`, in seconds (default 5). */
  clockToleranceSeconds?: number;
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hmacSha256(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'ascii').digest();
}

function isUsableKey(key: unknown): key is Buffer {
  return Buffer.isBuffer(key) && key.length >= MIN_JWT_KEY_BYTES;
}

/**
 * Signs `claims` as an HS256 JWT with header `{"alg":"HS256","typ":"JWT"}`, adding `iat` (now)
 * and `exp` (now + expiresInSeconds); these two replace any `iat`/`exp` in `claims`.
 *
 * Throws (a programming error, not a runtime condition) if `key` is not a Buffer of at least
 * 32 bytes (use `deriveKey`), if `claims` is not a plain object, or if the times are not finite.
 */
export function signJwt(claims: Record<string, unknown>, key: Buffer, options: SignJwtOptions): string {
  if (!isUsableKey(key)) {
    throw new RangeError(`signJwt: key must be a Buffer of at least ${MIN_JWT_KEY_BYTES} bytes`);
  }
  if (!isPlainObject(claims)) {
    throw new TypeError('signJwt: claims must be a plain object');
  }
  const { expiresInSeconds } = options;
  if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
    throw new RangeError('signJwt: expiresInSeconds must be a positive finite number');
  }
  const iat = options.now ?? nowSeconds();
  if (!Number.isFinite(iat)) {
    throw new RangeError('signJwt: now must be a finite number of epoch seconds');
  }
  const payload = { ...claims, iat, exp: iat + expiresInSeconds };
  const signingInput = `${HEADER_B64}.${Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')}`;
  return `${signingInput}.${hmacSha256(key, signingInput).toString('base64url')}`;
}

function decodeJsonObject(segment: string): Record<string, unknown> | null {
  const json = Buffer.from(segment, 'base64url').toString('utf8');
  const value: unknown = JSON.parse(json);
  return isPlainObject(value) ? value : null;
}

/**
 * Verifies an HS256 JWT and returns its claims, or null for anything wrong: not a string of
 * three base64url parts; a header that is not a JSON object with `alg` exactly "HS256" (a
 * `typ`, if present, must be "JWT"; a `crit` header is refused as unsupported); a bad
 * signature (including a non-canonical encoding of the right one); a payload that is not a JSON
 * object; `exp` missing, not a number, or passed; `iat` (if present) not a number or in the
 * future; `nbf` (if present) not a number or not yet reached. `exp`, `iat` and `nbf` are allowed
 * `clockToleranceSeconds` of skew. A key shorter than 32 bytes or invalid options also give null.
 * Never throws.
 */
export function verifyJwt(token: string, key: Buffer, options: VerifyJwtOptions = {}): Record<string, unknown> | null {
  try {
    return verifyOrNull(token, key, options);
  } catch {
    return null;
  }
}

function verifyOrNull(token: string, key: Buffer, options: VerifyJwtOptions): Record<string, unknown> | null {
  if (typeof token !== 'string' || !isUsableKey(key)) return null;
  const now = options.now ?? nowSeconds();
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (!Number.isFinite(now) || !Number.isFinite(tolerance) || tolerance < 0) return null;

  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [headerB64, payloadB64, signatureB64] = parts;
  if (!B64URL.test(headerB64) || !B64URL.test(payloadB64) || !B64URL.test(signatureB64)) {
    return null;
  }

  const header = decodeJsonObject(headerB64);
  if (header === null || header['alg'] !== 'HS256') return null;
  if ('typ' in header && header['typ'] !== 'JWT') return null;
  if ('crit' in header) return null;

  // Compare the canonical encoding of the expected MAC with the one given: equal-length
  // ASCII buffers through timingSafeEqual. The length of an HS256 signature is public.
  const expected = Buffer.from(hmacSha256(key, `${headerB64}.${payloadB64}`).toString('base64url'), 'ascii');
  const given = Buffer.from(signatureB64, 'ascii');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;

  const claims = decodeJsonObject(payloadB64);
  if (claims === null) return null;

  const { exp, iat, nbf } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  if (now >= exp + tolerance) return null;
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat) || iat > now + tolerance)) {
    return null;
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf) || nbf > now + tolerance)) {
    return null;
  }
  return claims;
}

/**
 * Derives a key for one purpose from a master secret: HKDF-SHA256 (RFC 5869) with salt
 * "rep-hub" and info = `purpose`. Different purposes give independent keys, so one secret can
 * feed access tokens, email links, etc. without a token for one being valid for another.
 * Throws if `secret` or `purpose` is empty, or `length` is not an integer from 1 to 8160.
 */
export function deriveKey(secret: string, purpose: string, length = 32): Buffer {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('deriveKey: secret must be a non-empty string');
  }
  if (typeof purpose !== 'string' || purpose.length === 0) {
    throw new TypeError('deriveKey: purpose must be a non-empty string');
  }
  if (!Number.isInteger(length) || length < 1 || length > 255 * 32) {
    throw new RangeError('deriveKey: length must be an integer from 1 to 8160');
  }
  return Buffer.from(hkdfSync('sha256', secret, 'rep-hub', purpose, length));
}
