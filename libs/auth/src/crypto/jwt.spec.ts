import { createHmac } from 'node:crypto';
import { deriveKey, signJwt, verifyJwt } from './jwt';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);
const NOW = 1_700_000_000;

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

/** Builds a token by hand, signed (or not) independently of the module under test. */
function handMade(header: unknown, payload: unknown, key: Buffer | null = KEY): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const signature = key === null ? '' : createHmac('sha256', key).update(input).digest('base64url');
  return `${input}.${signature}`;
}

const HS256 = { alg: 'HS256', typ: 'JWT' };

describe('signJwt / verifyJwt', () => {
  it('round-trips claims and adds iat and exp', () => {
    const token = signJwt({ sub: 'user-1', roles: ['admin'] }, KEY, { expiresInSeconds: 900, now: NOW });
    expect(verifyJwt(token, KEY, { now: NOW + 10 })).toEqual({
      sub: 'user-1',
      roles: ['admin'],
      iat: NOW,
      exp: NOW + 900,
    });
  });

  it('uses the current time by default', () => {
    const before = Math.floor(Date.now() / 1000);
    const claims = verifyJwt(signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 60 }), KEY);
    expect(claims).not.toBeNull();
    expect(claims?.['iat']).toBeGreaterThanOrEqual(before);
    expect(claims?.['exp']).toBe((claims?.['iat'] as number) + 60);
  });

  it('replaces iat and exp given in the claims', () => {
    const token = signJwt({ sub: 'u', iat: 1, exp: 9_999_999_999 }, KEY, { expiresInSeconds: 60, now: NOW });
    expect(verifyJwt(token, KEY, { now: NOW })).toMatchObject({ iat: NOW, exp: NOW + 60 });
  });

  it('produces exactly the token computed independently with createHmac (known vector)', () => {
    const token = signJwt({ sub: 'user-1', name: 'Ada' }, KEY, { expiresInSeconds: 60, now: NOW });
    const expected = handMade(HS256, { sub: 'user-1', name: 'Ada', iat: NOW, exp: NOW + 60 });
    expect(token).toBe(expected);
    expect(token.split('.')[0]).toBe('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9');
  });

  it('verifies the RFC 7515 Appendix A.1 HS256 example', () => {
    const key = Buffer.from(
      'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
      'base64url',
    );
    const token =
      'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9' +
      '.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ' +
      '.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(verifyJwt(token, key, { now: 1_300_819_370 })).toEqual({
      iss: 'joe',
      exp: 1_300_819_380,
      'http://example.com/is_root': true,
    });
    expect(verifyJwt(token, key, { now: 1_300_819_390 })).toBeNull();
  });

  it('rejects a wrong key', () => {
    const token = signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 60, now: NOW });
    expect(verifyJwt(token, OTHER_KEY, { now: NOW })).toBeNull();
  });

  it('rejects a tampered payload', () => {
    const token = signJwt({ sub: 'user-1', admin: false }, KEY, { expiresInSeconds: 60, now: NOW });
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ sub: 'user-1', admin: true, iat: NOW, exp: NOW + 60 })}.${signature}`;
    expect(verifyJwt(token, KEY, { now: NOW })).not.toBeNull();
    expect(verifyJwt(forged, KEY, { now: NOW })).toBeNull();
  });

  it('rejects a tampered, truncated, extended or non-canonical signature', () => {
    const token = signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 60, now: NOW });
    const [header, payload, signature] = token.split('.');
    const last = signature[signature.length - 1];
    // The last of 43 characters carries 4 signature bits and 2 padding bits: flipping only the
    // padding bits decodes to the same bytes, and must still be refused.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sameBytes = alphabet[alphabet.indexOf(last) ^ 1];
    expect(Buffer.from(signature.slice(0, -1) + sameBytes, 'base64url')).toEqual(Buffer.from(signature, 'base64url'));
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    for (const bad of [flipped, signature.slice(0, -1), `${signature}A`, signature.slice(0, -1) + sameBytes, '']) {
      expect(verifyJwt(`${header}.${payload}.${bad}`, KEY, { now: NOW })).toBeNull();
    }
  });

  it('rejects alg none, other algorithms and a missing alg, even when otherwise valid', () => {
    const payload = { sub: 'u', iat: NOW, exp: NOW + 60 };
    expect(verifyJwt(handMade(HS256, payload), KEY, { now: NOW })).not.toBeNull();
    expect(verifyJwt(handMade({ alg: 'none', typ: 'JWT' }, payload, null), KEY, { now: NOW })).toBeNull();
    expect(verifyJwt(handMade({ alg: 'none', typ: 'JWT' }, payload), KEY, { now: NOW })).toBeNull();
    for (const alg of ['RS256', 'HS384', 'HS512', 'hs256', 'HS256 ', 'NONE']) {
      expect(verifyJwt(handMade({ alg, typ: 'JWT' }, payload), KEY, { now: NOW })).toBeNull();
    }
    expect(verifyJwt(handMade({ typ: 'JWT' }, payload), KEY, { now: NOW })).toBeNull();
    expect(verifyJwt(handMade({ alg: ['HS256'] }, payload), KEY, { now: NOW })).toBeNull();
  });

  it('rejects an unexpected typ and any crit header', () => {
    const payload = { sub: 'u', iat: NOW, exp: NOW + 60 };
    expect(verifyJwt(handMade({ alg: 'HS256' }, payload), KEY, { now: NOW })).not.toBeNull();
    expect(verifyJwt(handMade({ alg: 'HS256', typ: 'at+jwt' }, payload), KEY, { now: NOW })).toBeNull();
    expect(verifyJwt(handMade({ alg: 'HS256', crit: ['exp'] }, payload), KEY, { now: NOW })).toBeNull();
  });

  it('rejects an expired token, allowing the clock tolerance', () => {
    const token = signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 60, now: NOW });
    const exp = NOW + 60;
    expect(verifyJwt(token, KEY, { now: exp - 1, clockToleranceSeconds: 0 })).not.toBeNull();
    expect(verifyJwt(token, KEY, { now: exp, clockToleranceSeconds: 0 })).toBeNull();
    expect(verifyJwt(token, KEY, { now: exp + 4 })).not.toBeNull(); // default tolerance 5 s
    expect(verifyJwt(token, KEY, { now: exp + 5 })).toBeNull();
    expect(verifyJwt(token, KEY, { now: exp + 3600 })).toBeNull();
  });

  it('rejects a missing or non-numeric exp even with a valid signature', () => {
    expect(verifyJwt(handMade(HS256, { sub: 'u', iat: NOW }), KEY, { now: NOW })).toBeNull();
    expect(verifyJwt(handMade(HS256, { sub: 'u', iat: NOW, exp: String(NOW + 60) }), KEY, { now: NOW })).toBeNull();
    expect(verifyJwt(handMade(HS256, { sub: 'u', iat: NOW, exp: null }), KEY, { now: NOW })).toBeNull();
  });

  it('rejects an iat in the future beyond the tolerance, and a non-numeric iat', () => {
    const future = (seconds: number) => signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 600, now: NOW + seconds });
    expect(verifyJwt(future(5), KEY, { now: NOW })).not.toBeNull();
    expect(verifyJwt(future(6), KEY, { now: NOW })).toBeNull();
    expect(verifyJwt(future(60), KEY, { now: NOW, clockToleranceSeconds: 60 })).not.toBeNull();
    expect(verifyJwt(handMade(HS256, { iat: 'now', exp: NOW + 60 }), KEY, { now: NOW })).toBeNull();
  });

  it('rejects a token not yet valid (nbf)', () => {
    const payload = (nbf: number) => ({ sub: 'u', iat: NOW, nbf, exp: NOW + 600 });
    expect(verifyJwt(handMade(HS256, payload(NOW + 5)), KEY, { now: NOW })).not.toBeNull();
    expect(verifyJwt(handMade(HS256, payload(NOW + 100)), KEY, { now: NOW })).toBeNull();
  });

  it('rejects payloads that are not JSON objects, even when correctly signed', () => {
    for (const payload of [[1, 2], 'string', 42, null, true]) {
      expect(verifyJwt(handMade(HS256, payload), KEY, { now: NOW })).toBeNull();
    }
    expect(verifyJwt(handMade(HS256, '{"exp":'), KEY, { now: NOW })).toBeNull();
  });

  it('returns null, never throws, for malformed input', () => {
    const good = signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 60, now: NOW });
    const [h, p, s] = good.split('.');
    const malformed: unknown[] = [
      '',
      'abc',
      'a.b',
      `${h}.${p}`,
      `${h}.${p}.${s}.`,
      `${h}.${p}.${s}.${s}`,
      `.${p}.${s}`,
      `${h}..${s}`,
      `${h}.${p}=.${s}`,
      `${h}.${p}.${s}=`,
      ` ${good}`,
      `${h}.${p}+/.${s}`,
      `${b64('not json')}.${p}.${s}`,
      undefined,
      null,
      42,
      {},
    ];
    for (const token of malformed) {
      expect(() => verifyJwt(token as string, KEY, { now: NOW })).not.toThrow();
      expect(verifyJwt(token as string, KEY, { now: NOW })).toBeNull();
    }
    expect(verifyJwt(good, KEY, { now: NOW })).not.toBeNull();
  });

  it('returns null for an unusable key or invalid options', () => {
    const token = signJwt({ sub: 'u' }, KEY, { expiresInSeconds: 60, now: NOW });
    expect(verifyJwt(token, KEY.subarray(0, 31), { now: NOW })).toBeNull();
    expect(verifyJwt(token, 'not a buffer' as unknown as Buffer, { now: NOW })).toBeNull();
    expect(verifyJwt(token, KEY, { now: Number.NaN })).toBeNull();
    expect(verifyJwt(token, KEY, { now: NOW, clockToleranceSeconds: -1 })).toBeNull();
  });

  it('refuses to sign with a short key, non-object claims or a bad lifetime', () => {
    expect(() => signJwt({}, Buffer.alloc(31), { expiresInSeconds: 60 })).toThrow(RangeError);
    expect(() => signJwt([] as unknown as Record<string, unknown>, KEY, { expiresInSeconds: 60 })).toThrow(TypeError);
    for (const expiresInSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => signJwt({}, KEY, { expiresInSeconds })).toThrow(RangeError);
    }
    expect(() => signJwt({}, KEY, { expiresInSeconds: 60, now: Number.NaN })).toThrow(RangeError);
  });
});

describe('deriveKey', () => {
  /** RFC 5869 HKDF-SHA256 written out with createHmac, independent of crypto.hkdfSync. */
  function referenceHkdf(secret: string, salt: string, info: string, length: number): Buffer {
    const prk = createHmac('sha256', salt).update(secret).digest();
    const blocks: Buffer[] = [];
    let previous = Buffer.alloc(0);
    for (let i = 1; Buffer.concat(blocks).length < length; i++) {
      previous = createHmac('sha256', prk)
        .update(Buffer.concat([previous, Buffer.from(info), Buffer.from([i])]))
        .digest();
      blocks.push(previous);
    }
    return Buffer.concat(blocks).subarray(0, length);
  }

  it('is HKDF-SHA256 with salt "rep-hub" and info = purpose', () => {
    expect(deriveKey('master secret', 'access-token')).toEqual(
      referenceHkdf('master secret', 'rep-hub', 'access-token', 32),
    );
    expect(deriveKey('master secret', 'email-link', 80)).toEqual(
      referenceHkdf('master secret', 'rep-hub', 'email-link', 80),
    );
  });

  it('is deterministic, 32 bytes by default, and differs by purpose and by secret', () => {
    const a = deriveKey('secret', 'access-token');
    expect(a).toHaveLength(32);
    expect(deriveKey('secret', 'access-token')).toEqual(a);
    expect(deriveKey('secret', 'refresh-token')).not.toEqual(a);
    expect(deriveKey('other secret', 'access-token')).not.toEqual(a);
    expect(deriveKey('secret', 'access-token', 64)).toHaveLength(64);
  });

  it('keys for one purpose do not verify tokens made for another', () => {
    const token = signJwt({ sub: 'u' }, deriveKey('s', 'email-link'), { expiresInSeconds: 60, now: NOW });
    expect(verifyJwt(token, deriveKey('s', 'email-link'), { now: NOW })).not.toBeNull();
    expect(verifyJwt(token, deriveKey('s', 'access-token'), { now: NOW })).toBeNull();
  });

  it('refuses an empty secret or purpose and an impossible length', () => {
    expect(() => deriveKey('', 'p')).toThrow(TypeError);
    expect(() => deriveKey('s', '')).toThrow(TypeError);
    expect(() => deriveKey('s', 'p', 0)).toThrow(RangeError);
    expect(() => deriveKey('s', 'p', 255 * 32 + 1)).toThrow(RangeError);
  });
});
