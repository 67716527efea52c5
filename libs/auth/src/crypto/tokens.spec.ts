import { createHash } from 'node:crypto';
import { hashToken, randomToken, safeEqual } from './tokens';

describe('randomToken', () => {
  it('gives 32 random bytes as 43 base64url characters by default', () => {
    const token = randomToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
  });

  it('honours the byte count', () => {
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    expect(Buffer.from(randomToken(48), 'base64url')).toHaveLength(48);
    expect(randomToken(48)).toHaveLength(64);
  });

  it('does not repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => randomToken()));
    expect(tokens.size).toBe(1000);
  });

  it('refuses fewer than 16 bytes, too many, and non-integers', () => {
    for (const bytes of [0, 8, 15, 1025, 16.5, Number.NaN]) {
      expect(() => randomToken(bytes)).toThrow(RangeError);
    }
  });
});

describe('hashToken', () => {
  it('is SHA-256 in lowercase hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('hashes the UTF-8 bytes and is deterministic', () => {
    const token = randomToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken('é')).toBe(
      createHash('sha256')
        .update(Buffer.from([0xc3, 0xa9]))
        .digest('hex'),
    );
    expect(hashToken(token)).not.toBe(hashToken(`${token}x`));
  });
});

describe('safeEqual', () => {
  it('is true only for identical strings', () => {
    const token = randomToken();
    expect(safeEqual(token, `${token}`)).toBe(true);
    expect(safeEqual('', '')).toBe(true);
    expect(safeEqual(token, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(safeEqual('abc', 'ABC')).toBe(false);
    expect(safeEqual('é', 'e\u0301')).toBe(false);
  });

  it('returns false without throwing when lengths differ', () => {
    expect(() => safeEqual('short', 'much longer string')).not.toThrow();
    expect(safeEqual('short', 'much longer string')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'a')).toBe(false);
    // same UTF-16 length, different UTF-8 length
    expect(safeEqual('é', 'e')).toBe(false);
  });

  it('returns false for non-strings from untyped callers', () => {
    expect(safeEqual(undefined as unknown as string, undefined as unknown as string)).toBe(false);
    expect(safeEqual(null as unknown as string, 'null')).toBe(false);
  });
});
