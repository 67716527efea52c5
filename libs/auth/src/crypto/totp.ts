import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * TOTP (RFC 6238 over RFC 4226 HOTP) as authenticator apps implement it: HMAC-SHA-1, 30-second
 * steps counted from the Unix epoch, 6-digit codes; secrets exchanged in RFC 4648 base32.
 */

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Bytes in a generated secret: 160 bits, the HMAC-SHA-1 output size RFC 4226 recommends. */
export const TOTP_SECRET_BYTES = 20;
/** Largest `window` verifyTotp accepts (steps either side of the current one). */
export const MAX_TOTP_WINDOW = 10;

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without '=' padding. */
export function base32Encode(buf: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of buf) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/**
 * RFC 4648 base32 decoding, case-insensitive; whitespace and '=' padding (anywhere) are
 * ignored, as apps and users format secrets in groups. Throws a TypeError on any other
 * character outside A-Z and 2-7. Trailing bits that do not fill a byte are discarded.
 */
export function base32Decode(s: string): Buffer {
  if (typeof s !== 'string') throw new TypeError('base32Decode: input must be a string');
  const clean = s.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = BASE32_ALPHABET.indexOf(ch);
    if (index < 0) throw new TypeError('base32Decode: invalid base32 character');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** A new TOTP secret: 20 random bytes as base32 without padding (32 characters). */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(TOTP_SECRET_BYTES));
}

function decodeSecret(secretBase32: string): Buffer {
  const key = base32Decode(secretBase32);
  if (key.length === 0) throw new TypeError('TOTP secret is empty');
  return key;
}

function stepAt(atMs: number): number {
  if (!Number.isFinite(atMs) || atMs < 0) {
    throw new RangeError('TOTP time must be a finite, non-negative number of milliseconds');
  }
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 4226 HOTP value for one counter (dynamic truncation, then the low `digits` digits). */
function hotp(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, '0');
}

/**
 * The TOTP code for `secretBase32` at time `atMs` (epoch milliseconds). `digits` may be 6 to 8
 * (8 is used by the RFC 6238 test vectors). Throws on an invalid or empty secret, a negative or
 * non-finite time, or an unsupported number of digits.
 */
export function totpCode(secretBase32: string, atMs: number, digits = TOTP_DIGITS): string {
  if (!Number.isInteger(digits) || digits < 6 || digits > 8) {
    throw new RangeError('totpCode: digits must be 6, 7 or 8');
  }
  return hotp(decodeSecret(secretBase32), stepAt(atMs), digits);
}

export interface VerifyTotpOptions {
  /** "Now" in epoch milliseconds (default Date.now()). */
  atMs?: number;
  /** Steps accepted either side of the current one, for clock drift and typing time (default 1, at most 10). */
  window?: number;
  /** The step of the last code accepted for this secret; that step and earlier ones are refused (replay). */
  lastUsedStep?: number | null;
}

export type VerifyTotpResult = { ok: true; step: number } | { ok: false };

/**
 * Checks a 6-digit code against the steps within `window` of now, skipping any step at or
 * before `lastUsedStep`. On success returns the matched step: store it as the new
 * `lastUsedStep` so the same code cannot be used twice. Anything but exactly six ASCII digits
 * is refused. Every candidate step is computed and compared in constant time, whatever matches.
 * Throws only for programming errors: an invalid secret or invalid options.
 */
export function verifyTotp(secretBase32: string, code: string, options: VerifyTotpOptions = {}): VerifyTotpResult {
  const key = decodeSecret(secretBase32);
  const window = options.window ?? 1;
  if (!Number.isInteger(window) || window < 0 || window > MAX_TOTP_WINDOW) {
    throw new RangeError(`verifyTotp: window must be an integer from 0 to ${MAX_TOTP_WINDOW}`);
  }
  const lastUsedStep = options.lastUsedStep ?? null;
  if (lastUsedStep !== null && !Number.isFinite(lastUsedStep)) {
    throw new RangeError('verifyTotp: lastUsedStep must be a finite number or null');
  }
  const current = stepAt(options.atMs ?? Date.now());
  if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) return { ok: false };

  const given = Buffer.from(code, 'ascii');
  let matched: number | null = null;
  // Nearest steps first (0, -1, +1, -2, +2, ...), so a rare collision picks the likeliest step.
  for (let distance = 0; distance <= window; distance++) {
    for (const step of distance === 0 ? [current] : [current - distance, current + distance]) {
      if (step < 0) continue;
      const expected = Buffer.from(hotp(key, step, TOTP_DIGITS), 'ascii');
      const equal = timingSafeEqual(given, expected);
      const fresh = lastUsedStep === null || step > lastUsedStep;
      if (equal && fresh && matched === null) matched = step;
    }
  }
  return matched === null ? { ok: false } : { ok: true, step: matched };
}

/**
 * The otpauth:// URI for enrolment (usually shown as a QR code), in the Key URI format that
 * authenticator apps read: label "issuer:account", then secret, issuer, algorithm, digits and
 * period. Issuer and account are percent-encoded (spaces as %20, not '+'); the secret is
 * normalised to upper case without spaces or padding. Throws on an invalid secret, an empty
 * account or issuer, or a ':' in either (the label separator).
 */
export function totpUri(secretBase32: string, account: string, issuer = 'REP Hub'): string {
  const secret = base32Encode(decodeSecret(secretBase32));
  for (const [name, value] of [
    ['account', account],
    ['issuer', issuer],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') {
      throw new TypeError(`totpUri: ${name} must be a non-empty string`);
    }
    if (value.includes(':')) throw new TypeError(`totpUri: ${name} must not contain ':'`);
  }
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return (
    `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}` +
    `&algorithm=SHA1&digits=${TOTP_DIGITS}&period=${TOTP_PERIOD_SECONDS}`
  );
}
