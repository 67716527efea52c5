import {
  FORMER_LOCAL_AUTHORITIES,
  LOCAL_AUTHORITY_VERSIONS,
  RECOGNISED_LA_NUMBERS,
  findLocalAuthorityByGss,
  findLocalAuthorityByNumber,
  findRecognisedLaNumber,
  isRecognisedLaNumber,
  localAuthorities,
  normaliseLaNumber,
} from './local-authorities';
import { ENGLISH_REGIONS, findRegion } from './regions';

const ON_2024 = '2024-06-01';
const version = (v: string) => {
  const found = LOCAL_AUTHORITY_VERSIONS.find((l) => l.version === v);
  if (!found) throw new Error(`missing version ${v}`);
  return found;
};

describe('local authority list versions', () => {
  it('has 152 LAs from April 2021 and 153 from April 2023', () => {
    expect(version('2021-04').entries).toHaveLength(152);
    expect(version('2023-04').entries).toHaveLength(153);
    expect(version('2025-05').entries).toHaveLength(153);
    expect(localAuthorities(ON_2024)).toHaveLength(153);
    expect(localAuthorities('2022-01-01')).toHaveLength(152);
  });

  it.each(LOCAL_AUTHORITY_VERSIONS.map((v) => [v.version, v] as const))(
    'version %s has unique LA numbers, GSS codes and names',
    (_label, list) => {
      const numbers = list.entries.map((la) => la.code);
      const gss = list.entries.map((la) => la.gssCode);
      const names = list.entries.map((la) => la.label);
      expect(new Set(numbers).size).toBe(numbers.length);
      expect(new Set(gss).size).toBe(gss.length);
      expect(new Set(names).size).toBe(names.length);
    },
  );

  it.each(LOCAL_AUTHORITY_VERSIONS.map((v) => [v.version, v] as const))(
    'version %s: well-formed numbers and codes, type matching the GSS prefix',
    (_label, list) => {
      for (const la of list.entries) {
        expect(la.code).toMatch(/^\d{3}$/);
        expect(la.gssCode).toMatch(/^E(06|08|09|10)\d{6}$/);
        const expectedType = {
          E06: 'unitary_authority',
          E08: 'metropolitan_district',
          E09: 'london_borough',
          E10: 'county_council',
        }[la.gssCode.slice(0, 3)];
        expect(la.authorityType).toBe(expectedType);
        expect(findRegion(la.regionCode)?.label).toBe(la.region);
        // London boroughs are exactly the London region.
        expect(la.region === 'London').toBe(la.authorityType === 'london_borough');
      }
    },
  );

  it('counts LAs by type and region as expected for 2023 onwards', () => {
    const las = localAuthorities(ON_2024);
    const byType = (t: string) => las.filter((la) => la.authorityType === t).length;
    expect(byType('london_borough')).toBe(33);
    expect(byType('metropolitan_district')).toBe(36);
    expect(byType('county_council')).toBe(21);
    expect(byType('unitary_authority')).toBe(63);
    const byRegion = Object.fromEntries(
      ENGLISH_REGIONS.map((r) => [r.label, las.filter((la) => la.region === r.label).length]),
    );
    expect(byRegion).toEqual({
      'North East': 12,
      'North West': 24,
      'Yorkshire and The Humber': 15,
      'East Midlands': 10,
      'West Midlands': 14,
      'East of England': 11,
      London: 33,
      'South East': 19,
      'South West': 15,
    });
  });

  it('has exactly nine regions', () => {
    expect(ENGLISH_REGIONS).toHaveLength(9);
    expect(new Set(ENGLISH_REGIONS.map((r) => r.code)).size).toBe(9);
    expect(findRegion('Yorkshire and the Humber')?.code).toBe('E12000003');
  });
});

describe('spot checks', () => {
  it.each([
    ['202', 'Camden', 'E09000007', 'London'],
    ['380', 'Bradford', 'E08000032', 'Yorkshire and The Humber'],
    ['851', 'Portsmouth', 'E06000044', 'South East'],
    ['894', 'Telford and Wrekin', 'E06000020', 'West Midlands'],
    ['352', 'Manchester', 'E08000003', 'North West'],
    ['942', 'Cumberland', 'E06000063', 'North West'],
    ['943', 'Westmorland and Furness', 'E06000064', 'North West'],
    ['815', 'North Yorkshire', 'E06000065', 'Yorkshire and The Humber'],
    ['933', 'Somerset', 'E06000066', 'South West'],
    ['201', 'City of London', 'E09000001', 'London'],
    ['420', 'Isles of Scilly', 'E06000053', 'South West'],
  ])('%s is %s (%s, %s)', (number, name, gss, region) => {
    const la = findLocalAuthorityByNumber(number, ON_2024);
    expect(la?.label).toBe(name);
    expect(la?.gssCode).toBe(gss);
    expect(la?.region).toBe(region);
    expect(findLocalAuthorityByGss(gss, ON_2024)?.code).toBe(number);
  });
});

/** The 32 Change Programme LAs (DOMAIN §1.2) with DfE number, GSS code and region. */
const CHANGE_PROGRAMME_LAS: readonly (readonly [string, string, string, string])[] = [
  // East Midlands
  ['Leicester', '856', 'E06000016', 'East Midlands'],
  ['Leicestershire', '855', 'E10000018', 'East Midlands'],
  ['Rutland', '857', 'E06000017', 'East Midlands'],
  // East of England
  ['Bedford', '822', 'E06000055', 'East of England'],
  ['Central Bedfordshire', '823', 'E06000056', 'East of England'],
  ['Luton', '821', 'E06000032', 'East of England'],
  // London
  ['Barnet', '302', 'E09000003', 'London'],
  ['Camden', '202', 'E09000007', 'London'],
  ['Enfield', '308', 'E09000010', 'London'],
  ['Islington', '206', 'E09000019', 'London'],
  // North East
  ['Hartlepool', '805', 'E06000001', 'North East'],
  ['County Durham', '840', 'E06000047', 'North East'],
  ['Gateshead', '390', 'E08000037', 'North East'],
  ['Stockton-on-Tees', '808', 'E06000004', 'North East'],
  // North West
  ['Manchester', '352', 'E08000003', 'North West'],
  ['Oldham', '353', 'E08000004', 'North West'],
  ['Rochdale', '354', 'E08000005', 'North West'],
  ['Trafford', '358', 'E08000009', 'North West'],
  // South East
  ['Portsmouth', '851', 'E06000044', 'South East'],
  ['Brighton and Hove', '846', 'E06000043', 'South East'],
  ['East Sussex', '845', 'E10000011', 'South East'],
  ['West Sussex', '938', 'E10000032', 'South East'],
  // South West
  ['Gloucestershire', '916', 'E10000013', 'South West'],
  ['Swindon', '866', 'E06000030', 'South West'],
  // West Midlands
  ['Telford and Wrekin', '894', 'E06000020', 'West Midlands'],
  ['Herefordshire, County of', '884', 'E06000019', 'West Midlands'],
  ['Shropshire', '893', 'E06000051', 'West Midlands'],
  ['Worcestershire', '885', 'E10000034', 'West Midlands'],
  // Yorkshire and the Humber
  ['Wakefield', '384', 'E08000036', 'Yorkshire and The Humber'],
  ['Bradford', '380', 'E08000032', 'Yorkshire and The Humber'],
  ['Calderdale', '381', 'E08000033', 'Yorkshire and The Humber'],
  ['Leeds', '383', 'E08000035', 'Yorkshire and The Humber'],
];

describe('Change Programme LAs', () => {
  it('are 32 distinct LAs', () => {
    expect(CHANGE_PROGRAMME_LAS).toHaveLength(32);
    expect(new Set(CHANGE_PROGRAMME_LAS.map((r) => r[1])).size).toBe(32);
  });

  it.each(CHANGE_PROGRAMME_LAS)('%s is LA %s, %s, %s', (name, number, gss, region) => {
    for (const date of ['2024-06-01', '2025-09-01']) {
      const la = findLocalAuthorityByNumber(number, date);
      expect(la).toMatchObject({ label: name, gssCode: gss, region });
    }
  });
});

describe('lookups', () => {
  it('normalises LA numbers', () => {
    expect(normaliseLaNumber(202)).toBe('202');
    expect(normaliseLaNumber(' 202 ')).toBe('202');
    expect(normaliseLaNumber('1')).toBe('001');
    expect(normaliseLaNumber('2020')).toBeUndefined();
    expect(normaliseLaNumber('2a2')).toBeUndefined();
    expect(normaliseLaNumber(20.2)).toBeUndefined();
  });

  it('finds by number given as a number', () => {
    expect(findLocalAuthorityByNumber(380, ON_2024)?.label).toBe('Bradford');
    expect(findLocalAuthorityByNumber(999, ON_2024)).toBeUndefined();
  });

  it('finds by GSS code case-insensitively', () => {
    expect(findLocalAuthorityByGss(' e09000007 ', ON_2024)?.code).toBe('202');
    expect(findLocalAuthorityByGss('E99999999', ON_2024)).toBeUndefined();
  });

  it('respects the date: Cumbria before April 2023, its successors after', () => {
    expect(findLocalAuthorityByNumber('909', '2023-03-31')?.label).toBe('Cumbria');
    expect(findLocalAuthorityByNumber('909', '2023-04-01')).toBeUndefined();
    expect(findLocalAuthorityByNumber('942', '2023-03-31')).toBeUndefined();
    expect(findLocalAuthorityByNumber('942', '2023-04-01')?.label).toBe('Cumberland');
    expect(findLocalAuthorityByNumber('815', '2023-03-31')?.gssCode).toBe('E10000023');
    expect(findLocalAuthorityByNumber('815', '2023-04-01')?.gssCode).toBe('E06000065');
    expect(findLocalAuthorityByNumber('202', '2019-01-01')).toBeUndefined();
  });

  it('tracks the 2025 Barnsley and Sheffield GSS changes and still finds the old codes', () => {
    expect(findLocalAuthorityByNumber('370', '2025-04-30')?.gssCode).toBe('E08000016');
    expect(findLocalAuthorityByNumber('370', '2025-05-01')?.gssCode).toBe('E08000038');
    expect(findLocalAuthorityByNumber('373', '2025-05-01')?.gssCode).toBe('E08000039');
    expect(findLocalAuthorityByGss('E08000016', '2025-06-01')?.label).toBe('Barnsley');
    expect(findLocalAuthorityByGss('E08000019', '2025-06-01')?.label).toBe('Sheffield');
  });

  it('finds an authority by a previous GSS code of the same LA number', () => {
    expect(findLocalAuthorityByGss('E10000023', ON_2024)?.label).toBe('North Yorkshire');
    expect(findLocalAuthorityByGss('E10000002', ON_2024)?.label).toBe('Buckinghamshire');
    expect(findLocalAuthorityByGss('E08000020', ON_2024)?.label).toBe('Gateshead');
  });
});

describe('former LAs and recognised LA numbers', () => {
  it('former LA numbers are not in the current list and their successors are', () => {
    const current = new Set(localAuthorities(ON_2024).map((la) => la.code));
    for (const former of FORMER_LOCAL_AUTHORITIES) {
      expect(current.has(former.code)).toBe(false);
      for (const successor of former.successors) expect(current.has(successor)).toBe(true);
    }
  });

  it('has unique recognised numbers, all three digits', () => {
    const codes = RECOGNISED_LA_NUMBERS.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => /^\d{3}$/.test(c))).toBe(true);
  });

  it('accepts every LA number in python-stdnum (stdnum/gb/upn.py)', () => {
    const stdnum = [
      201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 301, 302, 303, 304, 305, 306, 307, 308, 309, 310,
      311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 330, 331, 332, 333, 334, 335, 336, 340, 341, 342, 343, 344, 350,
      351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 380, 381, 382, 383, 384, 390, 391, 392, 393, 394,
      420, 800, 801, 802, 803, 805, 806, 807, 808, 810, 811, 812, 813, 815, 816, 821, 822, 823, 825, 826, 830, 831, 835,
      836, 837, 840, 841, 845, 846, 850, 851, 852, 855, 856, 857, 860, 861, 865, 866, 867, 868, 869, 870, 871, 872, 873,
      874, 876, 877, 878, 879, 880, 881, 882, 883, 884, 885, 886, 887, 888, 889, 890, 891, 892, 893, 894, 895, 896, 908,
      909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 935, 936, 937, 938,
    ];
    expect(stdnum.filter((n) => !isRecognisedLaNumber(n))).toEqual([]);
  });

  it('matches DfE UPN validation rule 1530 (2023-24 ruleset) exactly', () => {
    const ranges: readonly (readonly [number, number])[] = [
      [1, 5],
      [201, 213],
      [301, 320],
      [330, 336],
      [340, 344],
      [350, 359],
      [370, 373],
      [380, 384],
      [390, 394],
      [420, 420],
      [660, 681],
      [701, 708],
      [800, 803],
      [805, 808],
      [810, 813],
      [815, 816],
      [820, 823],
      [825, 826],
      [830, 831],
      [835, 839],
      [840, 841],
      [845, 846],
      [850, 852],
      [855, 857],
      [860, 861],
      [865, 896],
      [908, 909],
      [916, 916],
      [919, 919],
      [921, 921],
      [925, 926],
      [928, 929],
      [931, 931],
      [933, 933],
      [935, 938],
      [940, 943],
    ];
    const expected: string[] = [];
    for (const [from, to] of ranges) for (let n = from; n <= to; n += 1) expected.push(String(n).padStart(3, '0'));
    expect(RECOGNISED_LA_NUMBERS.map((e) => e.code)).toEqual(expected.sort());
  });

  it('describes what kind of number it is', () => {
    expect(findRecognisedLaNumber('202')?.kind).toBe('english_la');
    expect(findRecognisedLaNumber('909')).toMatchObject({ kind: 'former_english_la', label: 'Cumbria' });
    expect(findRecognisedLaNumber('875')).toMatchObject({ kind: 'former_english_la', label: 'Cheshire' });
    expect(findRecognisedLaNumber('681')).toMatchObject({ kind: 'welsh_la', label: 'Cardiff' });
    expect(findRecognisedLaNumber('702')?.kind).toBe('pseudo_la');
    expect(findRecognisedLaNumber('999')).toBeUndefined();
    expect(isRecognisedLaNumber('000')).toBe(false);
    expect(isRecognisedLaNumber('804')).toBe(false);
  });
});
