import type { CodeList } from './code-list';
import { codeListProblems, entryFor, isInForce, isIsoDate, sortVersions, toIsoDate, versionInForce } from './code-list';

const v1: CodeList = {
  id: 'demo',
  version: 'v1',
  validFrom: '2020-01-01',
  validTo: '2020-12-31',
  entries: [{ code: 'A', label: 'Alpha' }],
};
const v2: CodeList = {
  id: 'demo',
  version: 'v2',
  validFrom: '2021-01-01',
  entries: [
    { code: 'A', label: 'Alpha' },
    { code: 'B', label: 'Bravo' },
  ],
};

describe('isIsoDate', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('24-01-01')).toBe(false);
  });
});

describe('toIsoDate', () => {
  it('passes ISO dates through', () => {
    expect(toIsoDate('2024-08-19')).toBe('2024-08-19');
    expect(toIsoDate(' 2024-08-19 ')).toBe('2024-08-19');
  });

  it('reads Dates and timestamps as the calendar date in England', () => {
    // 23:30 UTC on 31 July is 00:30 BST on 1 August in London.
    expect(toIsoDate(new Date('2024-07-31T23:30:00Z'))).toBe('2024-08-01');
    expect(toIsoDate('2024-07-31T23:30:00Z')).toBe('2024-08-01');
    // In winter London is on UTC.
    expect(toIsoDate(new Date('2024-01-31T23:30:00Z'))).toBe('2024-01-31');
  });

  it('defaults to today', () => {
    expect(isIsoDate(toIsoDate())).toBe(true);
  });

  it('rejects invalid dates', () => {
    expect(() => toIsoDate('2023-02-30')).toThrow(RangeError);
    expect(() => toIsoDate('not a date')).toThrow(RangeError);
    expect(() => toIsoDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('isInForce / versionInForce', () => {
  it('treats validFrom and validTo as inclusive', () => {
    expect(isInForce(v1, '2020-01-01')).toBe(true);
    expect(isInForce(v1, '2020-12-31')).toBe(true);
    expect(isInForce(v1, '2019-12-31')).toBe(false);
    expect(isInForce(v1, '2021-01-01')).toBe(false);
  });

  it('picks the version in force on the date', () => {
    expect(versionInForce([v2, v1], '2020-06-01')?.version).toBe('v1');
    expect(versionInForce([v2, v1], '2021-01-01')?.version).toBe('v2');
    expect(versionInForce([v2, v1], '2099-01-01')?.version).toBe('v2');
    expect(versionInForce([v2, v1], '2019-06-01')).toBeUndefined();
  });

  it('finds entries by exact code', () => {
    expect(entryFor(v2, 'B')?.label).toBe('Bravo');
    expect(entryFor(v2, 'b')).toBeUndefined();
    expect(entryFor(undefined, 'B')).toBeUndefined();
  });

  it('sorts versions by validFrom without mutating', () => {
    const input = [v2, v1];
    expect(sortVersions(input).map((v) => v.version)).toEqual(['v1', 'v2']);
    expect(input[0]).toBe(v2);
  });
});

describe('codeListProblems', () => {
  it('finds nothing wrong with sound versions', () => {
    expect(codeListProblems([v1, v2])).toEqual([]);
  });

  it('reports overlapping versions', () => {
    const overlapping: CodeList = { ...v2, version: 'v3', validFrom: '2020-06-01' };
    expect(codeListProblems([v1, overlapping]).join('\n')).toMatch(/overlap/);
  });

  it('reports an open-ended version followed by another', () => {
    const later: CodeList = { ...v2, version: 'v3', validFrom: '2022-01-01' };
    expect(codeListProblems([v2, later]).join('\n')).toMatch(/overlap/);
  });

  it('reports duplicate codes, blank labels and bad dates', () => {
    const bad: CodeList = {
      id: 'demo',
      version: 'bad',
      validFrom: '2020-02-30',
      validTo: '2019-01-01',
      entries: [
        { code: 'A', label: 'Alpha' },
        { code: 'A', label: ' ' },
      ],
    };
    const problems = codeListProblems([bad]).join('\n');
    expect(problems).toMatch(/duplicate code A/);
    expect(problems).toMatch(/blank label/);
    expect(problems).toMatch(/validFrom is not an ISO date/);
    expect(problems).toMatch(/validTo before validFrom/);
  });
});
