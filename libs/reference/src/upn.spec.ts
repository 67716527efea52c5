import {
  UPN_CHECK_ALPHABET,
  UPN_ERRORS,
  UPN_UNKNOWN_REASONS,
  computeUpnCheckLetter,
  isValidUpn,
  normaliseUpn,
  validateUpn,
} from './upn';

/** Build a UPN with the correct check letter for the given 12 characters. */
const withCheckLetter = (body: string) => computeUpnCheckLetter(body) + body;

describe('computeUpnCheckLetter', () => {
  it.each([
    ['801200001001', 'H'],
    ['801200005001', 'B'],
    ['80120000101A', 'G'],
    ['999200005001', 'T'],
    ['942123424001', 'V'],
  ])('%s -> %s', (body, letter) => {
    expect(computeUpnCheckLetter(body)).toBe(letter);
  });

  it('accepts a whole 13-character UPN and ignores its first character', () => {
    expect(computeUpnCheckLetter('A801200005001')).toBe('B');
    expect(computeUpnCheckLetter('h801200001001')).toBe('H');
  });

  it('uses the 23-letter alphabet without I, O and S', () => {
    expect(UPN_CHECK_ALPHABET).toHaveLength(23);
    expect(UPN_CHECK_ALPHABET).not.toMatch(/[IOS]/);
  });

  it('rejects malformed input', () => {
    expect(() => computeUpnCheckLetter('80120000100')).toThrow(RangeError);
    expect(() => computeUpnCheckLetter('8012000A1001')).toThrow(RangeError);
    expect(() => computeUpnCheckLetter('80120000100I')).toThrow(RangeError);
  });
});

describe('validateUpn', () => {
  it.each([
    ['H801200001001', 'permanent'],
    ['B801200005001', 'permanent'],
    ['G80120000101A', 'temporary'],
  ])('%s is a valid %s UPN', (upn, kind) => {
    expect(validateUpn(upn)).toEqual({ valid: true, kind, value: upn });
  });

  it('normalises by trimming and upper-casing', () => {
    expect(normaliseUpn('  g80120000101a ')).toBe('G80120000101A');
    expect(validateUpn('  g80120000101a ')).toEqual({ valid: true, kind: 'temporary', value: 'G80120000101A' });
  });

  it('reports a wrong check letter', () => {
    expect(validateUpn('A801200005001')).toEqual({ valid: false, errors: [UPN_ERRORS.checkLetter] });
    expect(UPN_ERRORS.checkLetter).toBe('wrong check letter at character 1');
  });

  it('reports a first character that cannot be a check letter', () => {
    for (const first of ['I', 'O', 'S', '1', '*']) {
      const result = validateUpn(`${first}801200005001`);
      expect(result).toEqual({ valid: false, errors: [UPN_ERRORS.checkLetter] });
    }
  });

  it('reports an unrecognised LA code even when the check letter is right', () => {
    const upn = withCheckLetter('999200005001');
    expect(upn).toBe('T999200005001');
    expect(validateUpn(upn)).toEqual({ valid: false, errors: ['characters 2-4 not a recognised LA code'] });
    expect(validateUpn(withCheckLetter('000200005001'))).toEqual({ valid: false, errors: [UPN_ERRORS.laCode] });
  });

  it('accepts former, Welsh and pseudo LA numbers', () => {
    for (const body of [
      '820123410001',
      '875123410001',
      '909123410001',
      '660123410001',
      '702123410001',
      '943123410001',
    ]) {
      expect(validateUpn(withCheckLetter(body)).valid).toBe(true);
    }
  });

  it('reports non-numeric characters 5-12', () => {
    expect(validateUpn('X80120000A001')).toEqual({ valid: false, errors: ['characters 5-12 not all numeric'] });
    expect(validateUpn('B8012 0005001')).toEqual({ valid: false, errors: [UPN_ERRORS.numeric] });
  });

  it.each(['I', 'O', 'S', '*', '-'])('reports character 13 = %s as not a recognised value', (last) => {
    expect(validateUpn(`G80120000101${last}`)).toEqual({
      valid: false,
      errors: ['character 13 not a recognised value'],
    });
  });

  it('reports a non-numeric LA code as unrecognised', () => {
    expect(validateUpn('B8A1200005001')).toEqual({ valid: false, errors: [UPN_ERRORS.laCode] });
  });

  it('reports several problems in character order', () => {
    expect(validateUpn('S99920000A00O')).toEqual({
      valid: false,
      errors: [UPN_ERRORS.checkLetter, UPN_ERRORS.laCode, UPN_ERRORS.numeric, UPN_ERRORS.character13],
    });
  });

  it.each(['', 'B80120000500', 'B8012000050011', 'UN1'])('rejects %p for its length', (value) => {
    expect(validateUpn(value)).toEqual({ valid: false, errors: ['UPN must be 13 characters'] });
  });

  it('has a boolean shortcut', () => {
    expect(isValidUpn('H801200001001')).toBe(true);
    expect(isValidUpn('A801200005001')).toBe(false);
  });

  it('detects any single-character change of a valid permanent UPN', () => {
    const valid = 'H801200001001';
    for (let i = 4; i < 12; i += 1) {
      const digit = valid.charAt(i);
      const changed = valid.slice(0, i) + String((Number(digit) + 1) % 10) + valid.slice(i + 1);
      expect(validateUpn(changed).valid).toBe(false);
    }
  });
});

describe('UPN unknown reasons', () => {
  it('are UN1 to UN5, flagged provisional', () => {
    expect(UPN_UNKNOWN_REASONS.map((r) => r.code)).toEqual(['UN1', 'UN2', 'UN3', 'UN4', 'UN5']);
    expect(UPN_UNKNOWN_REASONS.every((r) => r.provisional === true && r.label.length > 0)).toBe(true);
  });

  it('are not themselves valid UPNs', () => {
    expect(UPN_UNKNOWN_REASONS.some((r) => isValidUpn(r.code))).toBe(false);
  });
});
