import { base32Decode, base32Encode, generateTotpSecret, totpCode, totpUri, verifyTotp } from './totp';

/** RFC 6238 Appendix B: the SHA-1 seed is the ASCII string "12345678901234567890". */
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('base32', () => {
  it('matches the RFC 4648 section 10 test vectors (without padding)', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of vectors) {
      expect(base32Encode(Buffer.from(plain))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(plain);
    }
  });

  it('encodes the RFC 6238 seed as the well-known secret', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('decodes case-insensitively, ignoring spaces and padding', () => {
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar');
    expect(base32Decode('MzXw6YtBoI').toString()).toBe('foobar');
  });

  it('throws on characters outside the alphabet', () => {
    for (const bad of ['MZXW1', 'MZXW0', 'MZXW8', 'MZ-XW', 'MZXW6!', 'MZXWé']) {
      expect(() => base32Decode(bad)).toThrow(TypeError);
    }
  });

  it('round-trips arbitrary bytes', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Buffer.from(Array.from({ length }, (_, i) => (i * 37 + length) & 0xff));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });
});

describe('generateTotpSecret', () => {
  it('gives 20 random bytes as 32 base32 characters without padding', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Decode(secret)).toHaveLength(20);
    expect(generateTotpSecret()).not.toBe(secret);
  });
});

describe('totpCode', () => {
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('matches RFC 6238 Appendix B (SHA-1, 8 digits) at %i s', (seconds, code) => {
    expect(totpCode(RFC_SECRET, seconds * 1000, 8)).toBe(code);
  });

  it('gives 6 digits by default: the low 6 digits of the 8-digit value', () => {
    expect(totpCode(RFC_SECRET, 59_000)).toBe('287082');
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe('081804');
  });

  it('is constant within a 30 s step and changes at the boundary', () => {
    expect(totpCode(RFC_SECRET, 30_000)).toBe(totpCode(RFC_SECRET, 59_999));
    expect(totpCode(RFC_SECRET, 59_999)).not.toBe(totpCode(RFC_SECRET, 60_000));
  });

  it('accepts the secret in lower case and with spaces', () => {
    const spaced = RFC_SECRET.toLowerCase().replace(/(.{4})/g, '$1 ');
    expect(totpCode(spaced, 59_000, 8)).toBe('94287082');
  });

  it('throws on bad secrets, times and digit counts', () => {
    expect(() => totpCode('', 0)).toThrow();
    expect(() => totpCode('NOT BASE32!', 0)).toThrow(TypeError);
    expect(() => totpCode(RFC_SECRET, -1)).toThrow(RangeError);
    expect(() => totpCode(RFC_SECRET, Number.NaN)).toThrow(RangeError);
    expect(() => totpCode(RFC_SECRET, 0, 5)).toThrow(RangeError);
    expect(() => totpCode(RFC_SECRET, 0, 9)).toThrow(RangeError);
  });
});

describe('verifyTotp', () => {
  const secret = 'JBSWY3DPEHPK3PXP';
  const at = 1_700_000_015_000; // 15 s into a step
  const step = Math.floor(at / 30_000);
  const codeAt = (offsetSteps: number) => totpCode(secret, at + offsetSteps * 30_000);

  it('accepts the current code and returns its step', () => {
    expect(verifyTotp(secret, codeAt(0), { atMs: at })).toEqual({ ok: true, step });
  });

  it('accepts one step either side by default, and no further', () => {
    expect(verifyTotp(secret, codeAt(-1), { atMs: at })).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, codeAt(1), { atMs: at })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, codeAt(-2), { atMs: at })).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(2), { atMs: at })).toEqual({ ok: false });
  });

  it('honours a wider or zero window', () => {
    expect(verifyTotp(secret, codeAt(-2), { atMs: at, window: 2 })).toEqual({ ok: true, step: step - 2 });
    expect(verifyTotp(secret, codeAt(3), { atMs: at, window: 2 })).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(0), { atMs: at, window: 0 })).toEqual({ ok: true, step });
    expect(verifyTotp(secret, codeAt(-1), { atMs: at, window: 0 })).toEqual({ ok: false });
  });

  it('refuses a replayed code: a step at or before lastUsedStep', () => {
    const first = verifyTotp(secret, codeAt(0), { atMs: at, lastUsedStep: null });
    expect(first).toEqual({ ok: true, step });
    expect(verifyTotp(secret, codeAt(0), { atMs: at, lastUsedStep: step })).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(-1), { atMs: at, lastUsedStep: step })).toEqual({ ok: false });
    expect(verifyTotp(secret, codeAt(1), { atMs: at, lastUsedStep: step })).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(secret, codeAt(0), { atMs: at, lastUsedStep: step - 1 })).toEqual({ ok: true, step });
  });

  it('uses the current time by default', () => {
    expect(verifyTotp(secret, totpCode(secret, Date.now()))).toMatchObject({ ok: true });
  });

  it('refuses anything but exactly six ASCII digits', () => {
    const good = codeAt(0);
    expect(verifyTotp(secret, good, { atMs: at }).ok).toBe(true);
    const bad: unknown[] = [
      '',
      good.slice(0, 5),
      `${good}0`,
      ` ${good}`,
      `${good}\n`,
      `${good.slice(0, 3)} ${good.slice(3)}`,
      '12345a',
      '-12345',
      '１２３４５６',
      totpCode(secret, at, 8),
      Number(good),
      null,
      undefined,
    ];
    for (const code of bad) {
      expect(verifyTotp(secret, code as string, { atMs: at })).toEqual({ ok: false });
    }
  });

  it('refuses a code for another secret', () => {
    const otherCode = totpCode(RFC_SECRET, at);
    for (const offset of [-1, 0, 1]) expect(otherCode).not.toBe(codeAt(offset));
    expect(verifyTotp(secret, otherCode, { atMs: at })).toEqual({ ok: false });
    expect(verifyTotp(RFC_SECRET, otherCode, { atMs: at })).toEqual({ ok: true, step });
  });

  it('throws on an invalid secret or options', () => {
    expect(() => verifyTotp('!!!', '123456', { atMs: at })).toThrow(TypeError);
    expect(() => verifyTotp('', '123456', { atMs: at })).toThrow(TypeError);
    expect(() => verifyTotp(secret, '123456', { atMs: at, window: -1 })).toThrow(RangeError);
    expect(() => verifyTotp(secret, '123456', { atMs: at, window: 1.5 })).toThrow(RangeError);
    expect(() => verifyTotp(secret, '123456', { atMs: at, window: 11 })).toThrow(RangeError);
    expect(() => verifyTotp(secret, '123456', { atMs: -1 })).toThrow(RangeError);
  });
});

describe('totpUri', () => {
  it('builds the otpauth URI with the default issuer', () => {
    expect(totpUri('JBSWY3DPEHPK3PXP', 'alice@example.com')).toBe(
      'otpauth://totp/REP%20Hub:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=REP%20Hub' +
        '&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('percent-encodes issuer and account and normalises the secret', () => {
    const uri = totpUri('jbsw y3dp ehpk 3pxp====', 'o’brien+test@example.com', 'SEND & AP/Hub?');
    expect(uri).toBe(
      'otpauth://totp/SEND%20%26%20AP%2FHub%3F:o%E2%80%99brien%2Btest%40example.com' +
        '?secret=JBSWY3DPEHPK3PXP&issuer=SEND%20%26%20AP%2FHub%3F&algorithm=SHA1&digits=6&period=30',
    );
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('issuer')).toBe('SEND & AP/Hub?');
    expect(parsed.searchParams.get('secret')).toBe('JBSWY3DPEHPK3PXP');
    expect(decodeURIComponent(parsed.pathname.slice(1))).toBe('SEND & AP/Hub?:o’brien+test@example.com');
  });

  it('refuses colons, empty names and invalid secrets', () => {
    expect(() => totpUri('JBSWY3DPEHPK3PXP', 'a:b@example.com')).toThrow(TypeError);
    expect(() => totpUri('JBSWY3DPEHPK3PXP', 'a@example.com', 'REP:Hub')).toThrow(TypeError);
    expect(() => totpUri('JBSWY3DPEHPK3PXP', ' ')).toThrow(TypeError);
    expect(() => totpUri('JBSWY3DPEHPK3PX1', 'a@example.com')).toThrow(TypeError);
  });
});
