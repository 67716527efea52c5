import { codeListProblems } from './code-list';
import { codeList, codeListIds, codeListVersions, findCode, isValidCode } from './registry';

describe('code list registry', () => {
  it('registers every list the library ships', () => {
    expect(codeListIds()).toEqual(
      [
        'ap-provider-types',
        'ap-tiers',
        'attendance-codes',
        'english-regions',
        'exclusion-reasons',
        'exclusion-types',
        'local-authorities',
        'organisation-kinds',
        'placement-end-destinations',
        'recognised-la-numbers',
        'roles',
        'sen-need-types',
        'sen-provision',
        'upn-unknown-reasons',
      ].sort(),
    );
  });

  it.each(codeListIds())('list %s is structurally sound (no overlaps, unique codes, valid dates)', (id) => {
    const versions = codeListVersions(id);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.every((v) => v.id === id)).toBe(true);
    expect(codeListProblems(versions)).toEqual([]);
  });

  it.each(codeListIds())('list %s has a version in force today whose last version is open-ended', (id) => {
    const versions = codeListVersions(id);
    expect(versions[versions.length - 1]?.validTo).toBeUndefined();
    expect(codeList(id)).toBeDefined();
  });

  it('returns versions oldest first', () => {
    const versions = codeListVersions('local-authorities').map((v) => v.validFrom);
    expect(versions).toEqual([...versions].sort());
    expect(versions).toHaveLength(3);
  });

  it('returns the version in force on a date', () => {
    expect(codeList('attendance-codes', '2024-08-18')?.version).toBe('2013-09');
    expect(codeList('attendance-codes', '2024-08-19')?.version).toBe('2024-08');
    expect(codeList('local-authorities', '2022-06-01')?.version).toBe('2021-04');
    expect(codeList('local-authorities', new Date('2024-06-01T12:00:00Z'))?.version).toBe('2023-04');
    expect(codeList('attendance-codes', '2010-01-01')).toBeUndefined();
  });

  it('is typed by list id', () => {
    const role = findCode('roles', 'la_officer');
    expect(role?.canOpenNamedChild).toBe(true);
    const la = findCode('local-authorities', '202', '2024-06-01');
    expect(la?.gssCode).toBe('E09000007');
  });

  it('checks codes against the version in force', () => {
    expect(isValidCode('attendance-codes', 'K', '2024-09-02')).toBe(true);
    expect(isValidCode('attendance-codes', 'K', '2024-05-01')).toBe(false);
    expect(isValidCode('attendance-codes', 'H', '2024-05-01')).toBe(true);
    expect(isValidCode('attendance-codes', 'H', '2024-09-02')).toBe(false);
    expect(isValidCode('sen-need-types', 'SEMH')).toBe(true);
    expect(isValidCode('sen-need-types', 'semh')).toBe(false);
    expect(isValidCode('attendance-codes', '/', '2000-01-01')).toBe(false);
  });

  it('throws for an unknown list id', () => {
    expect(() => codeList('no-such-list')).toThrow(/Unknown code list/);
    expect(() => codeListVersions('no-such-list')).toThrow(/Unknown code list/);
    expect(() => isValidCode('no-such-list', 'A')).toThrow(/Unknown code list/);
  });
});
