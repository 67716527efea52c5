import { GSS } from '@rep-hub/disclosure';
import { attack } from '@rep-hub/disclosure/testing';
import { sectionFigures } from './measures-export';
import { controlledMeasures, measuresRelease, sharedMeasuresCsvText } from './measures-release';
import { MeasureSections, MeasuresResult } from './measures.model';

/** One LA's measures, consistent with each other: a, b, c referrals by tier; e placements ended, r of them back in school. */
function sections(
  a: number,
  b: number,
  c: number,
  e: number,
  r: number,
  sessions: [number, number, number],
): MeasureSections {
  const zero = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 0]));
  const [attended, authorised, unauthorised] = sessions;
  return {
    referrals: {
      total: a + b + c,
      byRequestedTier: { tier_1: a, tier_2: b, tier_3: c },
      byReason: { ...zero(['permanent_exclusion', 'medical_needs']), suspension: a + b, other: c },
      byRoute: { school_referral: a, school_commission: 0, la_commission: b + c },
    },
    commissions: {
      total: a + b,
      byTier: { tier_1: a, tier_2: b, tier_3: 0 },
      byReason: { suspension: a + b, other: 0 },
    },
    timeToDecision: { count: b, medianDays: 12, meanDays: 13.5 },
    timeToPlacement: { count: a, medianDays: 20, meanDays: 21 },
    attendance: {
      possibleSessions: attended + authorised + unauthorised,
      attendedSessions: attended,
      authorisedAbsenceSessions: authorised,
      unauthorisedAbsenceSessions: unauthorised,
      attendanceRate: null,
      authorisedAbsenceRate: null,
      unauthorisedAbsenceRate: null,
      placementsCounted: a + b,
      persistentlyAbsent: b,
      persistentAbsenceRate: null,
      severelyAbsent: 1,
      severeAbsenceRate: null,
    },
    tier2Completion: { ended: e, withinPlannedTime: r, rate: null },
    reintegration: { ended: e, reintegrated: r, rate: null, sustained: { due: r, held: r, rate: null, waiting: 0 } },
    destinations: {
      ended: e,
      byDestination: {
        returned_to_home_school: r,
        moved_to_another_mainstream_school: 0,
        special_school: e - r,
        tier_change: 0,
        post16_education: 0,
        post16_employment_or_training: 0,
        neet: 0,
        not_known: 0,
      },
      byOutcomeGroup: { reintegration: r, specialist: e - r, ap: 0, post16: 0, neet: 0, unknown: 0 },
      post16: 0,
      neet: 0,
    },
  };
}

/** The partnership's sections: every count added up (medians as the service would give them). */
function together(xs: MeasureSections[]): MeasureSections {
  const out = JSON.parse(JSON.stringify(xs[0])) as MeasureSections;
  const addInto = (target: Record<string, unknown>, sources: Record<string, unknown>[]) => {
    for (const [k, v] of Object.entries(target)) {
      if (typeof v === 'number' && !/Days$/.test(k)) target[k] = sources.reduce((a, s) => a + (s[k] as number), 0);
      else if (v && typeof v === 'object')
        addInto(
          v as Record<string, unknown>,
          sources.map((s) => s[k] as Record<string, unknown>),
        );
    }
  };
  addInto(out as unknown as Record<string, unknown>, xs as unknown as Record<string, unknown>[]);
  return out;
}

const one = sections(2, 9, 1, 6, 4, [300, 20, 3]);
const two = sections(0, 3, 7, 2, 1, [120, 4, 9]);
const RESULT: MeasuresResult = {
  period: { from: '2025-01-01', to: '2025-03-31' },
  scope: 'partnership',
  las: [
    { laId: 'la-one', laName: 'LA one', ...one },
    { laId: 'la-two', laName: 'LA two', ...two },
  ],
  partnership: together([one, two]),
};

describe('the AP measures as a release', () => {
  it('declares every equality between the figures (breakdowns, figures shown twice, sessions, destination groups), and each holds', () => {
    const release = measuresRelease(RESULT);
    expect(() => controlledMeasures(RESULT)).not.toThrow(); // control refuses a declared sum that does not hold
    const declared = new Set(
      (release.sums ?? []).map((s) => `${s.total.at['la']} ${s.total.at['measure']}.${s.total.at['breakdown']}`),
    );
    for (const la of ['la-one', 'la-two', 'partnership']) {
      for (const total of [
        'referrals.total',
        'commissions.total',
        'destinations.ended',
        'attendance.possible_sessions',
        'reintegration.reintegrated',
        'destinations_by_group.reintegration',
        'destinations_by_group.specialist',
        'destinations.post16',
      ]) {
        expect(declared.has(`${la} ${total}`)).toBe(true);
      }
    }
    // referrals by tier, by reason and by route each add up to the total: three sums per LA
    expect(
      (release.sums ?? []).filter((s) => s.total.at['la'] === 'la-one' && s.total.at['measure'] === 'referrals').length,
    ).toBe(3);
  });

  it('shares no count from 1 to 4 and nothing an attacker can work back, within an LA, across the LAs and their total', () => {
    const controlled = controlledMeasures(RESULT);
    const truth = new Map<string, number | null>();
    for (const la of RESULT.las) for (const [m, b, v] of sectionFigures(la)) truth.set(`${la.laId} ${m} ${b}`, v);
    for (const cell of controlled.tables[0].cells) {
      if (cell.type !== 'count') continue;
      const v = truth.get(`${cell.at['la']} ${cell.at['measure']} ${cell.at['breakdown']}`);
      if (typeof v === 'number' && v >= 1 && v <= 4) expect([cell.at, cell.value]).toEqual([cell.at, GSS.suppressed]);
    }
    expect(attack([[measuresRelease(RESULT), controlled]]).recovered).toEqual([]);
    // LA one's 2 tier 1 referrals and the rate over its 1 severely absent placement
    const value = (la: string, measure: string, breakdown: string) =>
      controlled.tables[0].cells.find(
        (c) => c.at['la'] === la && c.at['measure'] === measure && c.at['breakdown'] === breakdown,
      )?.value;
    expect(value('la-one', 'referrals_by_requested_tier', 'tier_1')).toBe('c');
    expect(value('la-one', 'attendance', 'severe_absence_rate')).toBe('c');
    expect(value('la-one', 'attendance', 'attended_sessions')).toBe(300);
    expect(value('la-two', 'time_to_placement', 'median_days')).toBe(20);
  });

  it('writes the CSV from the controlled rows with the method note first', () => {
    const text = sharedMeasuresCsvText(RESULT, controlledMeasures(RESULT));
    const lines = text.split('\r\n');
    expect(lines[0]).toMatch(/^# Controlled for sharing outside the partnership/);
    expect(lines.find((l) => l.startsWith('period_from'))).toBe(
      'period_from,period_to,scope,la_name,measure_label,breakdown_label,value,la_id,measure,breakdown',
    );
    expect(lines).toContain(
      '2025-01-01,2025-03-31,la,LA one,Referrals by tier asked for,Tier 1: targeted support in mainstream,c,la-one,referrals_by_requested_tier,tier_1',
    );
    expect(lines).toContain(
      '2025-01-01,2025-03-31,la,LA one,Attendance,Sessions attended,300,la-one,attendance,attended_sessions',
    );
    expect(() => sharedMeasuresCsvText(RESULT, { ...controlledMeasures(RESULT) })).toThrow(/controlRelease/);
  });
});
