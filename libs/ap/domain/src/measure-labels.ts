import { AP_TIERS, PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import { CASE_REASONS } from './cases.model';

// The words of the measures' exports: each measure and breakdown code as a reader would say it
// (the codes stay in their own columns, for programs).

const MEASURES: Record<string, string> = {
  referrals: 'Referrals',
  referrals_by_requested_tier: 'Referrals by tier asked for',
  referrals_by_reason: 'Referrals by reason',
  referrals_by_route: 'Referrals by route',
  commissions: 'Commissions',
  commissions_by_tier: 'Commissions by tier',
  commissions_by_reason: 'Commissions by reason',
  time_to_decision: 'Time from referral to decision',
  time_to_placement: 'Time from referral to placement',
  attendance: 'Attendance',
  tier2_completion: 'Tier 2 completed within the planned time',
  reintegration: 'Reintegration',
  sustained_reintegration: 'Sustained reintegration',
  destinations: 'Destinations',
  destinations_by_destination: 'Destinations by destination',
  destinations_by_group: 'Destinations by outcome group',
};

const STATS: Record<string, string> = {
  total: 'Total',
  count: 'Number of cases',
  median_days: 'Median (days)',
  mean_days: 'Mean (days)',
  possible_sessions: 'Possible sessions',
  attended_sessions: 'Sessions attended',
  authorised_absence_sessions: 'Authorised absence sessions',
  unauthorised_absence_sessions: 'Unauthorised absence sessions',
  attendance_rate: 'Attendance rate (%)',
  authorised_absence_rate: 'Authorised absence rate (%)',
  unauthorised_absence_rate: 'Unauthorised absence rate (%)',
  placements_counted: 'Placements with 10 or more possible sessions',
  persistently_absent: 'Placements persistently absent (10% or more missed)',
  persistent_absence_rate: 'Persistent absence rate (%)',
  severely_absent: 'Placements severely absent (50% or more missed)',
  severe_absence_rate: 'Severe absence rate (%)',
  ended: 'Placements ended',
  within_planned_time: 'Ended within the planned time',
  reintegrated: 'Reintegrated',
  rate: 'Rate (%)',
  due: 'Follow-ups due',
  held: 'Sustained at follow-up',
  waiting: 'Follow-ups waiting',
  post16: 'Post-16 destinations',
  neet: 'Not in education, employment or training',
};

const ROUTES: Record<string, string> = {
  school_referral: 'School referral to the local authority',
  school_commission: 'School commission (no panel)',
  la_commission: 'Local authority commission for panel',
};

const OUTCOME_GROUPS: Record<string, string> = {
  reintegration: 'Reintegration into mainstream',
  specialist: 'Specialist provision',
  ap: 'Alternative provision',
  post16: 'Post-16',
  neet: 'Not in education, employment or training',
  unknown: 'Not known',
};

const byCode = (list: readonly { code: string; label: string }[], code: string) =>
  list.find((x) => x.code === code)?.label;

/** A measure's name in words (its code when it has none). */
export const measureLabel = (measure: string): string => MEASURES[measure] ?? measure;

/** A breakdown's name in words, by what the measure breaks down by: tier, reason, route, destination or figure. */
export function breakdownLabel(measure: string, breakdown: string): string {
  const words = measure.endsWith('_tier')
    ? byCode(AP_TIERS, breakdown)
    : measure.endsWith('_by_reason')
      ? byCode(CASE_REASONS, breakdown)
      : measure.endsWith('_by_route')
        ? ROUTES[breakdown]
        : measure === 'destinations_by_destination'
          ? byCode(PLACEMENT_END_DESTINATIONS, breakdown)
          : measure === 'destinations_by_group'
            ? OUTCOME_GROUPS[breakdown]
            : STATS[breakdown];
  return words ?? breakdown;
}
