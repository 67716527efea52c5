import { AP_TIERS, PLACEMENT_END_DESTINATIONS, PlacementOutcomeGroup } from '@rep-hub/reference';
import { schoolToday } from '@rep-hub/platform';
import { CASE_ROUTES } from './case-machine';
import { CASE_REASONS } from './cases.model';
import type { EntityManager } from 'typeorm';

// The shapes of the AP measures, what each means, and the sums' starting point and finish.

export interface MeasuresQuery {
  from?: unknown;
  to?: unknown;
  laId?: unknown;
}

/** A number of days between two events: how many, their median and mean (one decimal); null when none. */
export interface DurationMeasure {
  count: number;
  medianDays: number | null;
  meanDays: number | null;
}

/** Every figure of one LA, or of the LAs in scope together. Rates are percentages to one decimal, null when the denominator is 0. */
export interface MeasureSections {
  referrals: {
    total: number;
    byRequestedTier: Record<string, number>;
    byReason: Record<string, number>;
    byRoute: Record<string, number>;
  };
  commissions: { total: number; byTier: Record<string, number>; byReason: Record<string, number> };
  timeToDecision: DurationMeasure;
  timeToPlacement: DurationMeasure;
  attendance: {
    possibleSessions: number;
    attendedSessions: number;
    authorisedAbsenceSessions: number;
    unauthorisedAbsenceSessions: number;
    attendanceRate: number | null;
    authorisedAbsenceRate: number | null;
    unauthorisedAbsenceRate: number | null;
    /** Placements with 10 or more possible sessions in the period: the denominator of the absence counts. */
    placementsCounted: number;
    persistentlyAbsent: number;
    persistentAbsenceRate: number | null;
    severelyAbsent: number;
    severeAbsenceRate: number | null;
  };
  tier2Completion: { ended: number; withinPlannedTime: number; rate: number | null };
  reintegration: {
    ended: number;
    reintegrated: number;
    rate: number | null;
    sustained: { due: number; held: number; rate: number | null; waiting: number };
  };
  destinations: {
    ended: number;
    byDestination: Record<string, number>;
    byOutcomeGroup: Record<string, number>;
    post16: number;
    neet: number;
  };
}

/**
 * One measure's query: given the tenant, the LAs and the period ($1 to $4), adds its figures into
 * the sections of each LA (`by`) and of them all together (`all`).
 */
export type FigureQuery = (
  m: EntityManager,
  params: unknown[],
  by: Map<string, MeasureSections>,
  all: MeasureSections,
) => Promise<void>;

export interface LaMeasures extends MeasureSections {
  laId: string;
  laName: string;
}

export interface MeasuresResult {
  period: { from: string; to: string };
  /** `partnership`: the lead's view of every LA; `la`: one LA, or an officer's LAs. */
  scope: 'partnership' | 'la';
  las: LaMeasures[];
  /** The same sections over every LA in `las` together (medians and rates recomputed, not averaged). */
  partnership: MeasureSections;
}

/** What each measure means, in plain words: for the API documentation, the page and the XLSX. */
export const MEASURE_DEFINITIONS: { measure: string; title: string; definition: string }[] = [
  {
    measure: 'period',
    title: 'Period',
    definition:
      'From and to dates, both included (default: 1 September of the current academic year to today). Each event is counted by the date it happened, in England’s time zone.',
  },
  {
    measure: 'referrals',
    title: 'Referrals',
    definition:
      'Cases opened in the period (school referrals, school commissions and LA commissions), by requested tier, by reason and by route.',
  },
  {
    measure: 'commissions',
    title: 'Commissions',
    definition:
      'Placements accepted by a provider in the period (the placement record is created on acceptance), by tier and by the case’s reason.',
  },
  {
    measure: 'time_to_decision',
    title: 'Time from referral to decision',
    definition:
      'Days from the day a case was opened to the day of its first panel decision (offer, decline or more information needed); for a school’s own commission, which needs no panel, to its first offer (the commission itself). Counted over cases whose decision fell in the period: how many, the median and the mean (one decimal).',
  },
  {
    measure: 'time_to_placement',
    title: 'Time from referral to placement',
    definition:
      'Days from the day a case was opened to the first day of its placement, over placements that started in the period: how many, the median and the mean.',
  },
  {
    measure: 'attendance',
    title: 'Attendance',
    definition:
      'Over AM and PM sessions dated in the period: possible sessions (every session except those where attendance was not possible), sessions attended (present or an approved educational activity), and the attendance, authorised absence and unauthorised absence rates as a percentage of possible sessions. Persistently absent: placements that missed 10% or more of their possible sessions; severely absent: 50% or more (severely absent placements are also persistently absent). Both only among placements with 10 or more possible sessions in the period.',
  },
  {
    measure: 'tier2_completion',
    title: 'Tier 2 completed within the planned time',
    definition:
      'Tier 2 placements that ended in the period, and how many ended on or before their planned end date (a placement with no planned end does not count as within it).',
  },
  {
    measure: 'reintegration',
    title: 'Reintegration',
    definition:
      'Placements that ended in the period, and how many ended with a return to mainstream school (to the home school or another mainstream school).',
  },
  {
    measure: 'sustained_reintegration',
    title: 'Sustained reintegration',
    definition:
      'Of the reintegrations above whose last follow-up check-in was due on or before the end of the period, how many have every follow-up recorded as held. Waiting: reintegrations whose last follow-up is not due yet, or not yet scheduled.',
  },
  {
    measure: 'destinations',
    title: 'Destinations',
    definition:
      'Placements that ended in the period by destination and by destination group, with the post-16 (education, employment or training) and NEET counts.',
  },
];

const TIERS = AP_TIERS.map((t) => t.code);
const REASONS = CASE_REASONS.map((r) => r.code);
const DESTINATIONS = PLACEMENT_END_DESTINATIONS.map((d) => d.code);
const OUTCOME_GROUPS: PlacementOutcomeGroup[] = ['reintegration', 'specialist', 'ap', 'post16', 'neet', 'unknown'];
export const REINTEGRATION = PLACEMENT_END_DESTINATIONS.filter((d) => d.outcomeGroup === 'reintegration').map(
  (d) => d.code,
);
export const groupOf = (destination: string): string =>
  PLACEMENT_END_DESTINATIONS.find((d) => d.code === destination)?.outcomeGroup ?? 'unknown';

/** A percentage to one decimal; null when there is nothing to divide by. */
export const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

const zeros = (codes: readonly string[]): Record<string, number> => Object.fromEntries(codes.map((c) => [c, 0]));
export const add = (map: Record<string, number>, key: string, n: number) => {
  map[key] = (map[key] ?? 0) + n;
};

/** The default period: 1 September of the academic year containing today, to today (in England). */
export function defaultPeriod(now = new Date()): { from: string; to: string } {
  const to = schoolToday(now);
  const [y, m] = to.split('-').map(Number);
  return { from: `${m >= 9 ? y : y - 1}-09-01`, to };
}

export function emptySections(): MeasureSections {
  return {
    referrals: { total: 0, byRequestedTier: zeros(TIERS), byReason: zeros(REASONS), byRoute: zeros(CASE_ROUTES) },
    commissions: { total: 0, byTier: zeros(TIERS), byReason: zeros(REASONS) },
    timeToDecision: { count: 0, medianDays: null, meanDays: null },
    timeToPlacement: { count: 0, medianDays: null, meanDays: null },
    attendance: {
      possibleSessions: 0,
      attendedSessions: 0,
      authorisedAbsenceSessions: 0,
      unauthorisedAbsenceSessions: 0,
      attendanceRate: null,
      authorisedAbsenceRate: null,
      unauthorisedAbsenceRate: null,
      placementsCounted: 0,
      persistentlyAbsent: 0,
      persistentAbsenceRate: null,
      severelyAbsent: 0,
      severeAbsenceRate: null,
    },
    tier2Completion: { ended: 0, withinPlannedTime: 0, rate: null },
    reintegration: { ended: 0, reintegrated: 0, rate: null, sustained: { due: 0, held: 0, rate: null, waiting: 0 } },
    destinations: {
      ended: 0,
      byDestination: zeros(DESTINATIONS),
      byOutcomeGroup: zeros(OUTCOME_GROUPS),
      post16: 0,
      neet: 0,
    },
  };
}

/** Fills in the rates from the counts. */
export function finish(s: MeasureSections): MeasureSections {
  const a = s.attendance;
  a.attendanceRate = rate(a.attendedSessions, a.possibleSessions);
  a.authorisedAbsenceRate = rate(a.authorisedAbsenceSessions, a.possibleSessions);
  a.unauthorisedAbsenceRate = rate(a.unauthorisedAbsenceSessions, a.possibleSessions);
  a.persistentAbsenceRate = rate(a.persistentlyAbsent, a.placementsCounted);
  a.severeAbsenceRate = rate(a.severelyAbsent, a.placementsCounted);
  s.tier2Completion.rate = rate(s.tier2Completion.withinPlannedTime, s.tier2Completion.ended);
  s.reintegration.rate = rate(s.reintegration.reintegrated, s.reintegration.ended);
  s.reintegration.sustained.rate = rate(s.reintegration.sustained.held, s.reintegration.sustained.due);
  s.destinations.post16 = s.destinations.byOutcomeGroup['post16'] ?? 0;
  s.destinations.neet = s.destinations.byOutcomeGroup['neet'] ?? 0;
  return s;
}
