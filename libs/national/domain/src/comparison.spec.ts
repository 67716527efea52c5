import { parsePeriod } from '@rep-hub/reference';
import {
  bandOf,
  buildComparisonSeries,
  nationalFigure,
  rankingOf,
  shortPeriodLabel,
  wilsonInterval,
} from './comparison';
import type { ReleaseFigureRow, ReleaseRow } from './releases.store';
import { returnsOverviewOf } from './returns-overview';

const fig = (value: number | null, numerator: number | null = null, denominator: number | null = null) => ({
  value,
  symbol: value === null ? ('c' as const) : null,
  numerator,
  denominator,
});

describe('the national figure', () => {
  it('for a percentage: shown numerators over shown denominators, saying how many were left out', () => {
    const n = nationalFigure('percentage', '2025-26-spring', [fig(50, 50, 100), fig(75, 225, 300), fig(null)]);
    expect(n).toMatchObject({ numerator: 275, denominator: 400, value: 68.8, method: 'ratio_of_sums' });
    expect(n.partnershipsIncluded).toBe(2);
    expect(n.partnershipsLeftOut).toBe(1);
    expect(n.note).toContain('1 partnership was left out');
    // not the mean of the percentages (62.5)
    expect(n.value).not.toBe(62.5);
  });

  it('for a count: the sum shown, a lower bound when a count is suppressed', () => {
    const n = nationalFigure('count', 'p', [fig(12), fig(30), fig(null)]);
    expect(n).toMatchObject({ value: 42, method: 'sum', partnershipsIncluded: 2, partnershipsLeftOut: 1 });
    expect(n.note).toContain('lower bound');
    expect(nationalFigure('count', 'p', [fig(null)])).toMatchObject({ value: null, method: 'none' });
  });

  it('for days: weighted by denominators when shown, otherwise not combined', () => {
    const weighted = nationalFigure('days', 'p', [fig(10, null, 10), fig(40, null, 30), fig(99)]);
    expect(weighted).toMatchObject({ value: 32.5, denominator: 40, method: 'weighted_mean', partnershipsLeftOut: 1 });
    const none = nationalFigure('days', 'p', [fig(10), fig(40)]);
    expect(none).toMatchObject({ value: null, method: 'not_combined' });
    expect(none.note).toMatch(/^Not combined/);
  });
});

describe('Wilson intervals and bands', () => {
  it('gives the 95% Wilson score interval, inside 0 to 100 even at the edges', () => {
    // 40 of 100: 30.9% to 49.8% (the textbook figures)
    expect(wilsonInterval(40, 100)).toEqual({ low: 30.9, high: 49.8 });
    expect(wilsonInterval(0, 20).low).toBe(0);
    expect(wilsonInterval(0, 20).high).toBe(16.1);
    expect(wilsonInterval(20, 20).high).toBe(100);
    expect(() => wilsonInterval(1, 0)).toThrow(RangeError);
  });

  it('bands an interval against the national figure', () => {
    expect(bandOf({ low: 55, high: 70 }, 50)).toBe('above');
    expect(bandOf({ low: 30, high: 45 }, 50)).toBe('below');
    expect(bandOf({ low: 45, high: 55 }, 50)).toBe('similar');
  });

  it('ranks percentages by band, lists counts by name unranked, and never shows a suppressed figure as a number', () => {
    const period = parsePeriod('2025-26-spring')!;
    const pct = rankingOf({ code: 'a.b', name: 'A', unit: 'percentage' }, period, [
      { partnershipId: '1', partnershipName: 'Small', figure: fig(60, 6, 10) },
      { partnershipId: '2', partnershipName: 'High', figure: fig(80, 800, 1000) },
      { partnershipId: '3', partnershipName: 'Low', figure: fig(20, 200, 1000) },
      { partnershipId: '4', partnershipName: 'Hidden', figure: fig(null) },
      { partnershipId: '5', partnershipName: 'Absent', figure: null },
    ]);
    expect(pct.ranked).toBe(true);
    expect(pct.national.value).toBe(50); // 1006 of 2010
    expect(pct.entries.map((e) => [e.partnershipName, e.band])).toEqual([
      ['High', 'above'],
      ['Small', 'similar'], // 60% of 10: its interval (31.3 to 83.2) holds the national figure
      ['Low', 'below'],
      ['Hidden', 'suppressed'],
      ['Absent', 'not_published'],
    ]);
    expect(pct.entries.find((e) => e.partnershipName === 'Hidden')).toMatchObject({ value: null, symbol: 'c' });
    expect(pct.caveats.join(' ')).toContain('Wilson');

    const counts = rankingOf({ code: 'a.c', name: 'C', unit: 'count' }, period, [
      { partnershipId: '1', partnershipName: 'Zed', figure: fig(500) },
      { partnershipId: '2', partnershipName: 'Ay', figure: fig(10) },
    ]);
    expect(counts.ranked).toBe(false);
    expect(counts.entries.map((e) => [e.partnershipName, e.band])).toEqual([
      ['Ay', 'not_ranked'],
      ['Zed', 'not_ranked'],
    ]);
    expect(counts.caveats[0]).toContain('not ranked by size');
  });
});

describe('the comparison series', () => {
  const periods = [parsePeriod('2025-26-spring')!, parsePeriod('2025-26-summer')!];
  const release = (id: string, partnershipId: string, periodCode: string, version: number): ReleaseRow => ({
    id,
    partnershipId,
    partnershipName: `Partnership ${partnershipId}`,
    periodCode,
    periodName: periodCode,
    periodFrom: parsePeriod(periodCode)!.from,
    periodTo: parsePeriod(periodCode)!.to,
    version,
    replacesVersion: version > 1 ? version - 1 : null,
    correctionReason: null,
    returnVersion: version,
    publishedAt: new Date('2026-05-01T10:00:00Z'),
    methodNote: 'note',
  });
  const figure = (
    releaseId: string,
    value: number | null,
    level: ReleaseFigureRow['level'] = 'partnership',
  ): ReleaseFigureRow => ({
    releaseId,
    indicatorCode: 'x.count',
    indicatorName: 'Count',
    unit: 'count',
    level,
    laNumber: level === 'partnership' ? null : '800',
    gssCode: level === 'partnership' ? null : 'E06000022',
    laName: level === 'partnership' ? null : 'Bath',
    numerator: value,
    denominator: null,
    value,
    symbol: value === null ? 'c' : null,
  });

  it('takes the latest version of each release, leaves a gap where nothing was published, and sums the nation', () => {
    const s = buildComparisonSeries(
      { code: 'x.count', name: 'Count', unit: 'count' },
      periods,
      [
        release('a1', 'A', '2025-26-spring', 1),
        release('a2', 'A', '2025-26-spring', 2),
        release('b1', 'B', '2025-26-spring', 1),
        release('b2', 'B', '2025-26-summer', 1),
      ],
      [figure('a1', 10), figure('a2', 20), figure('a2', 7, 'local_authority'), figure('b1', null), figure('b2', 30)],
    );
    expect(s.partnerships.map((p) => p.partnershipName)).toEqual(['Partnership A', 'Partnership B']);
    expect(s.partnerships[0].points.map((p) => [p.value, p.releaseVersion, p.published])).toEqual([
      [20, 2, true],
      [null, null, false],
    ]);
    expect(s.partnerships[1].points[0]).toMatchObject({ value: null, symbol: 'c', published: true });
    expect(s.national.map((n) => [n.value, n.partnershipsLeftOut])).toEqual([
      [20, 1],
      [30, 0],
    ]);
    const onlyB = buildComparisonSeries(
      s.indicator,
      periods,
      [release('a2', 'A', '2025-26-spring', 2), release('b2', 'B', '2025-26-summer', 1)],
      [figure('a2', 20), figure('b2', 30)],
      ['B'],
    );
    expect(onlyB.partnerships.map((p) => p.partnershipId)).toEqual(['B']);
    // the national figure is still every partnership's
    expect(onlyB.national[0].value).toBe(20);
  });

  it('labels periods shortly for a narrow axis', () => {
    expect(shortPeriodLabel('2026-27-autumn')).toBe('Aut 2026');
    expect(shortPeriodLabel('2025-26-spring')).toBe('Spr 2026');
  });
});

describe('returns overview', () => {
  it('expects every partnership that ever published, judging each on its first version against the due date', () => {
    const period = parsePeriod('2025-26-spring')!; // due 2026-05-12
    const rel = (id: string, pid: string, version: number): ReleaseRow => ({
      id,
      partnershipId: pid,
      partnershipName: pid,
      periodCode: period.code,
      periodName: period.name,
      periodFrom: period.from,
      periodTo: period.to,
      version,
      replacesVersion: null,
      correctionReason: null,
      returnVersion: version,
      publishedAt: new Date('2026-06-01T10:00:00Z'),
      methodNote: 'n',
    });
    const f = (releaseId: string, symbol: ReleaseFigureRow['symbol']): ReleaseFigureRow => ({
      releaseId,
      indicatorCode: 'x.y',
      indicatorName: 'y',
      unit: 'count',
      level: 'partnership',
      laNumber: null,
      gssCode: null,
      laName: null,
      numerator: null,
      denominator: null,
      value: symbol ? null : 10,
      symbol,
    });
    const o = returnsOverviewOf({
      period,
      today: '2026-06-02',
      expected: [
        { id: 'A', name: 'A' },
        { id: 'B', name: 'B' },
        { id: 'C', name: 'C' },
      ],
      releases: [rel('a2', 'A', 2), rel('b1', 'B', 1)],
      firstPublished: [
        { partnershipId: 'A', publishedOn: '2026-05-12' },
        { partnershipId: 'B', publishedOn: '2026-05-15' },
      ],
      figures: [f('a2', null), f('a2', 'c'), f('a2', 'x'), f('b1', null)],
      periods: [period],
    });
    expect(o.dueOn).toBe('2026-05-12');
    expect(o.summary).toEqual({ expected: 3, published: 2, onTime: 1, late: 1, notPublished: 1, overdue: 1 });
    const [a, b, c] = o.partnerships;
    expect(a).toMatchObject({
      onTime: true,
      daysLate: 0,
      version: 2,
      correctedOn: '2026-06-01',
      indicatorsWithValue: 1,
      indicatorsWithSymbol: 2,
    });
    expect(a.symbols).toEqual({ c: 1, x: 1, z: 0, low: 0 });
    expect(b).toMatchObject({ onTime: false, daysLate: 3 });
    expect(c).toMatchObject({ published: false, overdue: true });
  });
});
