import { ApIndicators } from './ap-indicators';
import { MeasureSections, MeasuresResult } from './measures.model';
import { ApMeasuresService } from './measures.service';

/** Sections with the figures the indicators read; the rest left at zero. */
function sections(n: number): MeasureSections {
  return {
    referrals: { total: 10 * n, byRequestedTier: {}, byReason: {}, byRoute: {} },
    commissions: { total: 4 * n, byTier: {}, byReason: {} },
    timeToDecision: { count: 5, medianDays: 12 + n, meanDays: 13 },
    timeToPlacement: { count: 3, medianDays: null, meanDays: null },
    attendance: {
      possibleSessions: 200,
      attendedSessions: 150,
      authorisedAbsenceSessions: 20,
      unauthorisedAbsenceSessions: 30,
      attendanceRate: 75,
      authorisedAbsenceRate: 10,
      unauthorisedAbsenceRate: 15,
      placementsCounted: 4,
      persistentlyAbsent: 2,
      persistentAbsenceRate: 50,
      severelyAbsent: 1,
      severeAbsenceRate: 25,
    },
    tier2Completion: { ended: 0, withinPlannedTime: 0, rate: null },
    reintegration: { ended: 2, reintegrated: 1, rate: 50, sustained: { due: 1, held: 1, rate: 100, waiting: 0 } },
    destinations: { ended: 2, byDestination: {}, byOutcomeGroup: {}, post16: 0, neet: 0 },
  };
}

describe('AP indicators', () => {
  // the measures service is faked: its own suites test the figures on PostgreSQL; this tests the mapping
  const result: MeasuresResult = {
    period: { from: '2026-09-01', to: '2026-12-06' },
    scope: 'partnership',
    las: [{ laId: 'la-1', laName: 'Derby', ...sections(1) }],
    partnership: sections(2),
  };
  const asked: unknown[] = [];
  const measures = { measures: async (q: unknown) => (asked.push(q), result) } as unknown as ApMeasuresService;
  const indicators = new ApIndicators(measures);

  it('publishes each indicator with a numerator, a denominator for every percentage, and a direction', () => {
    const defs = indicators.definitions();
    expect(defs.length).toBeGreaterThanOrEqual(10);
    for (const d of defs) {
      expect(d.code).toMatch(/^ap\.[a-z0-9_]+$/);
      if (d.unit === 'percentage') expect([d.code, d.denominator]).toEqual([d.code, expect.any(String)]);
    }
  });

  it('computes every indicator for each LA and the partnership from the measures of the period', async () => {
    const values = await indicators.compute({ from: '2026-09-01', to: '2026-12-06' });
    expect(asked).toEqual([{ from: '2026-09-01', to: '2026-12-06' }]);
    expect(values).toHaveLength(indicators.definitions().length * 2);
    const of = (code: string, laId: string | null) => values.find((v) => v.code === code && v.laId === laId);
    expect(of('ap.referrals', 'la-1')).toEqual({
      code: 'ap.referrals',
      laId: 'la-1',
      numerator: 10,
      denominator: null,
      value: 10,
    });
    expect(of('ap.referrals', null)!.value).toBe(20);
    expect(of('ap.attendance_rate', null)).toEqual({
      code: 'ap.attendance_rate',
      laId: null,
      numerator: 150,
      denominator: 200,
      value: 75,
    });
    expect(of('ap.days_to_decision', 'la-1')!.value).toBe(13);
    expect(of('ap.days_to_placement', null)!.value).toBeNull();
    expect(of('ap.tier2_within_planned_time', null)).toEqual({
      code: 'ap.tier2_within_planned_time',
      laId: null,
      numerator: 0,
      denominator: 0,
      value: null,
    });
  });
});
