import {
  ATTENDANCE_CODE_VERSIONS,
  attendanceCategoryLabel,
  attendanceCodeFor,
  attendanceCodes,
  isAbsenceCode,
  isPresentCode,
} from './attendance';

const AFTER = '2024-09-02';
const BEFORE = '2024-05-01';

describe('attendance code versions', () => {
  it('switches on 19 August 2024', () => {
    const [old, current] = ATTENDANCE_CODE_VERSIONS;
    expect(old?.validTo).toBe('2024-08-18');
    expect(current?.validFrom).toBe('2024-08-19');
    expect(attendanceCodeFor('K', '2024-08-18')).toBeUndefined();
    expect(attendanceCodeFor('K', '2024-08-19')?.category).toBe('approved_educational_activity');
  });

  it('has the full 2024 code set', () => {
    expect(
      attendanceCodes(AFTER)
        .map((c) => c.code)
        .sort(),
    ).toEqual(
      [
        '/',
        '\\',
        'L',
        'K',
        'V',
        'P',
        'W',
        'B',
        'D',
        'C1',
        'M',
        'J1',
        'S',
        'X',
        'C2',
        'C',
        'T',
        'R',
        'I',
        'E',
        'Q',
        'Y1',
        'Y2',
        'Y3',
        'Y4',
        'Y5',
        'Y6',
        'Y7',
        'G',
        'N',
        'O',
        'U',
        'Z',
        '#',
      ].sort(),
    );
  });

  it('has the pre-August-2024 code set', () => {
    expect(
      attendanceCodes(BEFORE)
        .map((c) => c.code)
        .sort(),
    ).toEqual(
      [
        '/',
        '\\',
        'L',
        'B',
        'D',
        'J',
        'P',
        'V',
        'W',
        'C',
        'E',
        'H',
        'I',
        'M',
        'R',
        'S',
        'T',
        'G',
        'N',
        'O',
        'U',
        'X',
        'Y',
        'Z',
        '#',
      ].sort(),
    );
  });

  it('retired H, J and Y and introduced the new codes in 2024', () => {
    for (const code of ['H', 'J', 'Y']) {
      expect(attendanceCodeFor(code, BEFORE)).toBeDefined();
      expect(attendanceCodeFor(code, AFTER)).toBeUndefined();
    }
    for (const code of ['K', 'C1', 'C2', 'J1', 'Q', 'Y1', 'Y7']) {
      expect(attendanceCodeFor(code, BEFORE)).toBeUndefined();
      expect(attendanceCodeFor(code, AFTER)).toBeDefined();
    }
  });

  it.each(ATTENDANCE_CODE_VERSIONS.map((v) => [v.version, v] as const))(
    'version %s: the flags agree with the category',
    (_v, list) => {
      for (const c of list.entries) {
        switch (c.category) {
          case 'present':
          case 'approved_educational_activity':
            expect([c.code, c.countsAsPossibleSession, c.authorised]).toEqual([c.code, true, null]);
            break;
          case 'authorised_absence':
            expect([c.code, c.countsAsPossibleSession, c.authorised]).toEqual([c.code, true, true]);
            break;
          case 'unauthorised_absence':
            expect([c.code, c.countsAsPossibleSession, c.authorised]).toEqual([c.code, true, false]);
            break;
          case 'not_possible':
            expect([c.code, c.countsAsPossibleSession, c.authorised]).toEqual([c.code, false, null]);
            break;
        }
        expect(attendanceCategoryLabel(c.category).length).toBeGreaterThan(0);
      }
    },
  );

  it('requires a note for B, K and Y7 only (2024)', () => {
    expect(
      attendanceCodes(AFTER)
        .filter((c) => c.requiresNote)
        .map((c) => c.code)
        .sort(),
    ).toEqual(['B', 'K', 'Y7']);
    expect(attendanceCodes(BEFORE).some((c) => c.requiresNote)).toBe(false);
  });

  it('classifies the 2024 codes', () => {
    const byCategory = (category: string) =>
      attendanceCodes(AFTER)
        .filter((c) => c.category === category)
        .map((c) => c.code)
        .sort();
    expect(byCategory('present')).toEqual(['/', 'L', '\\'].sort());
    expect(byCategory('approved_educational_activity')).toEqual(['B', 'K', 'P', 'V', 'W']);
    expect(byCategory('authorised_absence')).toEqual(['C', 'C1', 'C2', 'E', 'I', 'J1', 'M', 'R', 'S', 'T']);
    expect(byCategory('unauthorised_absence')).toEqual(['G', 'N', 'O', 'U']);
    expect(byCategory('not_possible')).toEqual(['#', 'D', 'Q', 'X', 'Y1', 'Y2', 'Y3', 'Y4', 'Y5', 'Y6', 'Y7', 'Z']);
  });

  it('moved J (interview) from approved educational activity to J1, an authorised absence', () => {
    expect(attendanceCodeFor('J', BEFORE)?.category).toBe('approved_educational_activity');
    expect(attendanceCodeFor('J1', AFTER)?.category).toBe('authorised_absence');
  });
});

describe('attendanceCodeFor and helpers', () => {
  it('normalises case and whitespace', () => {
    expect(attendanceCodeFor(' c2 ', AFTER)?.code).toBe('C2');
    expect(attendanceCodeFor('y7', AFTER)?.requiresNote).toBe(true);
  });

  it('returns undefined for unknown codes', () => {
    expect(attendanceCodeFor('A', AFTER)).toBeUndefined();
    expect(attendanceCodeFor('Y8', AFTER)).toBeUndefined();
  });

  it('isPresentCode covers present and approved educational activity', () => {
    expect(isPresentCode('/', AFTER)).toBe(true);
    expect(isPresentCode('\\', AFTER)).toBe(true);
    expect(isPresentCode('L', AFTER)).toBe(true);
    expect(isPresentCode('K', AFTER)).toBe(true);
    expect(isPresentCode('U', AFTER)).toBe(false);
    expect(isPresentCode('D', AFTER)).toBe(false);
    expect(isPresentCode('J', BEFORE)).toBe(true);
    expect(isPresentCode('J', AFTER)).toBe(false);
    expect(isPresentCode('nonsense', AFTER)).toBe(false);
  });

  it('isAbsenceCode covers authorised and unauthorised absence only', () => {
    expect(isAbsenceCode('I', AFTER)).toBe(true);
    expect(isAbsenceCode('C2', AFTER)).toBe(true);
    expect(isAbsenceCode('O', AFTER)).toBe(true);
    expect(isAbsenceCode('U', AFTER)).toBe(true);
    expect(isAbsenceCode('Y1', AFTER)).toBe(false);
    expect(isAbsenceCode('X', AFTER)).toBe(false);
    expect(isAbsenceCode('/', AFTER)).toBe(false);
    expect(isAbsenceCode('H', BEFORE)).toBe(true);
    expect(isAbsenceCode('H', AFTER)).toBe(false);
  });

  it('finds nothing before the earliest version', () => {
    expect(attendanceCodeFor('/', '2013-08-31')).toBeUndefined();
  });
});
