import {
  normaliseLaestab,
  parseLaestab,
  validateLaestab,
  validateOfstedUrn,
  validateUkprn,
  validateUrn,
} from './identifiers';

describe('validateUrn', () => {
  it.each(['100000', '999999', '123456', ' 137245 ', 137245])('accepts %p', (value) => {
    const result = validateUrn(value);
    expect(result.valid).toBe(true);
    expect(result.error).toBeUndefined();
    expect(result.value).toBe(String(value).trim());
  });

  it.each([
    ['', 'URN is required'],
    ['12345', 'URN must be 6 digits'],
    ['1234567', 'URN must be 6 digits'],
    ['099999', 'URN must be between 100000 and 999999'],
    ['000000', 'URN must be between 100000 and 999999'],
    ['12A456', 'URN must contain digits only'],
    [-123456, 'URN must contain digits only'],
  ])('rejects %p: %s', (value, error) => {
    expect(validateUrn(value)).toEqual({ valid: false, error });
  });
});

describe('validateUkprn', () => {
  it.each(['10000000', '19999999', '10012345', 10012345])('accepts %p', (value) => {
    expect(validateUkprn(value)).toEqual({ valid: true, value: String(value) });
  });

  it.each([
    ['', 'UKPRN is required'],
    ['1001234', 'UKPRN must be 8 digits'],
    ['100123456', 'UKPRN must be 8 digits'],
    ['20000000', 'UKPRN must start with 1 (10000000 to 19999999)'],
    ['09999999', 'UKPRN must start with 1 (10000000 to 19999999)'],
    ['1001234X', 'UKPRN must contain digits only'],
  ])('rejects %p: %s', (value, error) => {
    expect(validateUkprn(value)).toEqual({ valid: false, error });
  });
});

describe('validateLaestab', () => {
  it.each([
    ['2022000', '2022000'],
    ['202/2000', '2022000'],
    ['380 4000', '3804000'],
    [' 9424001 ', '9424001'],
    [8512000, '8512000'],
  ])('accepts %p as %s', (value, normalised) => {
    expect(validateLaestab(value)).toEqual({ valid: true, value: normalised });
  });

  it('accepts a former LA number (Cumbria, 909)', () => {
    expect(validateLaestab('9094000').valid).toBe(true);
  });

  it.each([
    ['', 'LAESTAB is required'],
    ['202200', 'LAESTAB must be 7 digits: a 3-digit LA number and a 4-digit establishment number'],
    ['20220001', 'LAESTAB must be 7 digits: a 3-digit LA number and a 4-digit establishment number'],
    ['9992000', 'LAESTAB digits 1-3 are not a recognised LA number'],
    ['202/20A0', 'LAESTAB must contain digits only (optionally written LLL/EEEE)'],
  ])('rejects %p: %s', (value, error) => {
    expect(validateLaestab(value)).toEqual({ valid: false, error });
  });

  it('normalises and parses', () => {
    expect(normaliseLaestab('202/2000')).toBe('2022000');
    expect(parseLaestab('202/2000')).toEqual({ laNumber: '202', establishmentNumber: '2000' });
    expect(parseLaestab('9992000')).toBeUndefined();
  });
});

describe('validateOfstedUrn', () => {
  it.each([
    ['EY123456', 'EY123456'],
    [' ey123456 ', 'EY123456'],
    ['2612345', '2612345'],
    ['123456', '123456'],
    [2612345, '2612345'],
  ])('accepts %p as %p', (value, normalised) => {
    expect(validateOfstedUrn(value)).toEqual({ valid: true, value: normalised });
  });

  it.each([
    ['', 'Ofsted URN is required'],
    ['EY12345', 'An Ofsted URN starting EY has 6 digits after it'],
    ['EY1234567', 'An Ofsted URN starting EY has 6 digits after it'],
    ['SC123456X', 'Ofsted URN must be EY and 6 digits, or digits only'],
    ['12345', 'Ofsted URN must be 6 or 7 digits'],
    ['12345678', 'Ofsted URN must be 6 or 7 digits'],
  ])('rejects %p: %s', (value, error) => {
    expect(validateOfstedUrn(value)).toEqual({ valid: false, error });
  });
});
