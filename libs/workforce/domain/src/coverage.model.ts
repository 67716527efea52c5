import { schoolToday } from '@rep-hub/platform';
import type { IndicatorDefinition } from '@rep-hub/contracts';

/** The national programmes whose completion qualifies a setting's SENCO (early years level 3, NPQ for SENCOs). */
export const SENCO_PROGRAMMES = ['ey_senco_level_3', 'npq_senco'] as const;
/** The job coach training of supported internships. */
export const JOB_COACH_PROGRAMME = 'supported_internship_job_coach';
/** The organisation kinds REP Hub counts as settings (schools, and early years settings where a partnership adds them). */
export const SETTING_ORGANISATION_KINDS = ['school', 'early_years'] as const;

/** One LA's (or the LAs' together) training figures for a period: counts only, never a participant. */
export interface CoverageFigures {
  /** Funded places of the cohorts running in the period, and those filled (held by an enrolment), as they stood at its end. */
  places: { funded: number; filled: number; filledRate: number | null };
  /** The settings REP Hub knows in the LA (schools and early years settings), the denominator of the SENCO figures. */
  settings: {
    known: number;
    withQualifiedSenco: number;
    qualifiedSencoRate: number | null;
    withSencoInWindow: number;
    sencoInWindowRate: number | null;
  };
  educationalPsychologists: { inTraining: number; inTieIn: number };
  jobCoaches: { trained: number };
  outcomes: {
    /** Enrolments that finished in the period (completed or withdrawn). */
    finished: number;
    completed: number;
    completionRate: number | null;
    /** Enrolments on a course at some time in the period (held a place by its end, not finished before its start). */
    onCourse: number;
    withdrawn: number;
    withdrawalRate: number | null;
  };
}

export interface CoverageLa extends CoverageFigures {
  laId: string;
  laName: string;
}

export interface CoverageResult {
  period: { from: string; to: string };
  /** partnership: the caller sees every LA and `partnership` is the partnership's; la: only the LAs shown, together. */
  scope: 'partnership' | 'la';
  las: CoverageLa[];
  partnership: CoverageFigures;
}

export interface CoverageQuery {
  from?: string;
  to?: string;
}

export const rate = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n * 1000) / d) / 10);

/** The academic year to date (1 September to today), the period when none is asked for. */
export function defaultCoveragePeriod(now = new Date()): { from: string; to: string } {
  const to = schoolToday(now);
  const [y, m] = to.split('-').map(Number);
  return { from: `${m >= 9 ? y : y - 1}-09-01`, to };
}

type Figure = { numerator: number | null; denominator: number | null; value: number | null };

/** A figure of the coverage: how it reads from the figures of one LA or of the partnership, and what it means. */
export interface CoverageMeasure {
  def: IndicatorDefinition;
  of: (f: CoverageFigures) => Figure;
}

const count = (n: number): Figure => ({ numerator: n, denominator: null, value: n });
const share = (n: number, d: number, v: number | null): Figure => ({ numerator: n, denominator: d, value: v });
const BOTH = ['la', 'partnership'] as const;

/**
 * Every figure of workforce coverage, once: the page's tables, the downloads and the indicators
 * published to evaluation all read this list.
 */
export const COVERAGE_MEASURES: readonly CoverageMeasure[] = [
  {
    def: {
      code: 'workforce.places_funded',
      name: 'Funded training places',
      unit: 'count',
      numerator:
        'Funded places allocated to the LA in the cohorts running at some time in the period, as they stood at its end (a cohort recorded after the period ended: the places it was first given)',
      denominator: null,
      direction: 'neither',
      levels: BOTH,
    },
    of: (f) => count(f.places.funded),
  },
  {
    def: {
      code: 'workforce.places_filled_rate',
      name: 'Funded training places filled',
      unit: 'percentage',
      numerator:
        'Those places held at the end of the period by an enrolment (enrolled, active, deferred, completed or accredited then)',
      denominator:
        'Funded places allocated to the LA in the cohorts running at some time in the period, as they stood at its end (a cohort recorded after the period ended: the places it was first given)',
      direction: 'higher_is_better',
      levels: BOTH,
    },
    of: (f) => share(f.places.filled, f.places.funded, f.places.filledRate),
  },
  {
    def: {
      code: 'workforce.settings_with_qualified_senco',
      name: 'Settings with a qualified SENCO',
      unit: 'percentage',
      numerator:
        'Settings with a participant who had completed the early years SENCO level 3 or the NPQ for SENCOs by the end of the period',
      denominator:
        'The settings REP Hub knows in the LA: the partnership’s active school and early years organisations with that LA',
      direction: 'higher_is_better',
      levels: BOTH,
    },
    of: (f) => share(f.settings.withQualifiedSenco, f.settings.known, f.settings.qualifiedSencoRate),
  },
  {
    def: {
      code: 'workforce.settings_with_senco_in_window',
      name: 'Settings whose SENCO is training inside the window',
      unit: 'percentage',
      numerator:
        'Settings without a qualified SENCO with a participant on a SENCO programme at the end of the period whose window to qualify had not passed',
      denominator:
        'The settings REP Hub knows in the LA: the partnership’s active school and early years organisations with that LA',
      direction: 'higher_is_better',
      levels: BOTH,
    },
    of: (f) => share(f.settings.withSencoInWindow, f.settings.known, f.settings.sencoInWindowRate),
  },
  {
    def: {
      code: 'workforce.eps_in_training',
      name: 'Educational psychologists in training',
      unit: 'count',
      numerator:
        'Participants employed by the LA enrolled, active or deferred on a programme with an LA tie-in at the end of the period',
      denominator: null,
      direction: 'neither',
      levels: BOTH,
    },
    of: (f) => count(f.educationalPsychologists.inTraining),
  },
  {
    def: {
      code: 'workforce.eps_in_tie_in',
      name: 'Educational psychologists in their tie-in',
      unit: 'count',
      numerator:
        'Participants employed by the LA who had completed such a programme and whose tie-in had not ended by the end of the period',
      denominator: null,
      direction: 'neither',
      levels: BOTH,
    },
    of: (f) => count(f.educationalPsychologists.inTieIn),
  },
  {
    def: {
      code: 'workforce.job_coaches_trained',
      name: 'Job coaches trained',
      unit: 'count',
      numerator: 'Participants employed by the LA who completed supported-internship job coach training in the period',
      denominator: null,
      direction: 'higher_is_better',
      levels: BOTH,
    },
    of: (f) => count(f.jobCoaches.trained),
  },
  {
    def: {
      code: 'workforce.completion_rate',
      name: 'Training completed',
      unit: 'percentage',
      numerator: 'Enrolments completed in the period',
      denominator: 'Enrolments that finished in the period, completed or withdrawn',
      direction: 'higher_is_better',
      levels: BOTH,
    },
    of: (f) => share(f.outcomes.completed, f.outcomes.finished, f.outcomes.completionRate),
  },
  {
    def: {
      code: 'workforce.withdrawal_rate',
      name: 'Training withdrawn from',
      unit: 'percentage',
      numerator: 'Enrolments withdrawn in the period',
      denominator:
        'Enrolments on a course at some time in the period: holding a place by its end and not finished before its start',
      direction: 'lower_is_better',
      levels: BOTH,
    },
    of: (f) => share(f.outcomes.withdrawn, f.outcomes.onCourse, f.outcomes.withdrawalRate),
  },
];
