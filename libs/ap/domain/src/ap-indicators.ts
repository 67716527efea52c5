import { Injectable } from '@nestjs/common';
import {
  IndicatorDefinition,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorValue,
  PublishesIndicators,
} from '@rep-hub/contracts';
import { MeasureSections } from './measures.model';
import { ApMeasuresService } from './measures.service';

type Figure = { numerator: number | null; denominator: number | null; value: number | null };

const count = (n: number): Figure => ({ numerator: n, denominator: null, value: n });
const rate = (numerator: number, denominator: number, value: number | null): Figure => ({
  numerator,
  denominator,
  value,
});
const days = (median: number | null, n: number): Figure => ({ numerator: n, denominator: null, value: median });

/** Each indicator AP publishes: its definition and how it reads from the measures of one LA or of the partnership. */
const INDICATORS: { def: IndicatorDefinition; of: (s: MeasureSections) => Figure }[] = [
  {
    def: {
      code: 'ap.referrals',
      name: 'Referrals and commissions opened',
      unit: 'count',
      numerator: 'Cases opened in the period',
      denominator: null,
      direction: 'neither',
      levels: ['la', 'partnership'],
    },
    of: (s) => count(s.referrals.total),
  },
  {
    def: {
      code: 'ap.placements_commissioned',
      name: 'Placements commissioned',
      unit: 'count',
      numerator: 'Placements accepted by a provider in the period',
      denominator: null,
      direction: 'neither',
      levels: ['la', 'partnership'],
    },
    of: (s) => count(s.commissions.total),
  },
  {
    def: {
      code: 'ap.days_to_decision',
      name: 'Median days from referral to the panel’s decision',
      unit: 'days',
      numerator: 'Cases decided in the period',
      denominator: null,
      direction: 'lower_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => days(s.timeToDecision.medianDays, s.timeToDecision.count),
  },
  {
    def: {
      code: 'ap.days_to_placement',
      name: 'Median days from referral to the start of the placement',
      unit: 'days',
      numerator: 'Placements started in the period',
      denominator: null,
      direction: 'lower_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => days(s.timeToPlacement.medianDays, s.timeToPlacement.count),
  },
  {
    def: {
      code: 'ap.attendance_rate',
      name: 'Attendance in alternative provision',
      unit: 'percentage',
      numerator: 'Sessions attended',
      denominator: 'Possible sessions',
      direction: 'higher_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => rate(s.attendance.attendedSessions, s.attendance.possibleSessions, s.attendance.attendanceRate),
  },
  {
    def: {
      code: 'ap.persistent_absence_rate',
      name: 'Placements persistently absent (10% or more)',
      unit: 'percentage',
      numerator: 'Placements missing 10% or more of their sessions',
      denominator: 'Placements with 10 or more possible sessions',
      direction: 'lower_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) =>
      rate(s.attendance.persistentlyAbsent, s.attendance.placementsCounted, s.attendance.persistentAbsenceRate),
  },
  {
    def: {
      code: 'ap.severe_absence_rate',
      name: 'Placements severely absent (50% or more)',
      unit: 'percentage',
      numerator: 'Placements missing 50% or more of their sessions',
      denominator: 'Placements with 10 or more possible sessions',
      direction: 'lower_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => rate(s.attendance.severelyAbsent, s.attendance.placementsCounted, s.attendance.severeAbsenceRate),
  },
  {
    def: {
      code: 'ap.tier2_within_planned_time',
      name: 'Tier 2 placements completed within their planned time',
      unit: 'percentage',
      numerator: 'Tier 2 placements ended by their planned end',
      denominator: 'Tier 2 placements ended',
      direction: 'higher_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => rate(s.tier2Completion.withinPlannedTime, s.tier2Completion.ended, s.tier2Completion.rate),
  },
  {
    def: {
      code: 'ap.reintegration_rate',
      name: 'Placements ending in a return to mainstream school',
      unit: 'percentage',
      numerator: 'Placements ended with a return to school',
      denominator: 'Placements ended',
      direction: 'higher_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => rate(s.reintegration.reintegrated, s.reintegration.ended, s.reintegration.rate),
  },
  {
    def: {
      code: 'ap.reintegration_sustained_rate',
      name: 'Returns to school that held at their follow-ups',
      unit: 'percentage',
      numerator: 'Follow-ups recorded as held',
      denominator: 'Follow-ups due',
      direction: 'higher_is_better',
      levels: ['la', 'partnership'],
    },
    of: (s) => rate(s.reintegration.sustained.held, s.reintegration.sustained.due, s.reintegration.sustained.rate),
  },
];

/**
 * Alternative provision's figures as indicators (libs/contracts), for the modules that read them
 * (evaluation, the National Board's returns): computed from the AP measures, in the caller's own
 * scope, for each LA and for the partnership.
 */
@Injectable()
@PublishesIndicators()
export class ApIndicators implements IndicatorPublisher {
  readonly module = 'alternative-provision';

  constructor(private readonly measures: ApMeasuresService) {}

  definitions(): readonly IndicatorDefinition[] {
    return INDICATORS.map((i) => i.def);
  }

  async compute(period: IndicatorPeriod): Promise<IndicatorValue[]> {
    const m = await this.measures.measures({ from: period.from, to: period.to });
    return INDICATORS.flatMap(({ def, of }) => [
      ...m.las.map((la) => ({ code: def.code, laId: la.laId, ...of(la) })),
      { code: def.code, laId: null, ...of(m.partnership) },
    ]);
  }
}
