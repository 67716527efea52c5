/**
 * The Change Programme's reference data for evaluation, held in code and versioned like every code
 * list here (DOMAIN.md §1.3, §5.1): a new list or definition is a new version, and what was
 * recorded against an older one keeps naming it.
 */

/** The reforms under test (DOMAIN.md §1.3). A new list is a new version; a status keeps the version it was set under. */
export interface ReformList {
  version: string;
  source: string;
  reforms: readonly { code: string; name: string; description: string }[];
}

export const REFORM_LISTS: readonly ReformList[] = [
  {
    version: '2026-1',
    source: 'The reforms named by the Change Programme’s partnerships and its evaluation (DOMAIN.md §1.3)',
    reforms: [
      {
        code: 'national_standards',
        name: 'National Standards and practice guides',
        description: 'What support is ordinarily available in mainstream, who is responsible and from which budget.',
      },
      {
        code: 'local_partnerships_plans',
        name: 'Local SEND and AP partnerships and local inclusion plans',
        description: 'Each LA’s partnership assesses need, plans provision and publishes a local inclusion plan.',
      },
      {
        code: 'ehcp_template',
        name: 'Standard EHCP template and digital plans',
        description: 'A standardised national EHC plan template, and EHC plans kept digitally.',
      },
      {
        code: 'tailored_lists',
        name: 'Advisory tailored lists',
        description: 'Advisory lists of settings for a child, informed by the local inclusion plan.',
      },
      {
        code: 'mediation',
        name: 'Mediation',
        description: 'Changes that move families towards mediation rather than the Tribunal.',
      },
      {
        code: 'multi_agency_panels',
        name: 'Multi-agency panels',
        description: 'Multi-agency panels for EHC needs assessment and plan decisions.',
      },
      {
        code: 'banding_tariffs',
        name: 'National banding and price tariffs',
        description: 'National bands and tariffs for high-needs funding.',
      },
      {
        code: 'ap_three_tier',
        name: 'Three-tier alternative provision',
        description:
          'Targeted support in mainstream, time-limited and transitional placements, with AP funding and commissioning changes.',
      },
      {
        code: 'inclusion_dashboards',
        name: 'Inclusion dashboards',
        description: 'Local and national inclusion dashboards for planning and monitoring.',
      },
      {
        code: 'early_language_support',
        name: 'Early language support for every child',
        description: 'Speech, language and communication workforce pathfinders in the early years.',
      },
      {
        code: 'ap_specialist_taskforces',
        name: 'AP specialist taskforces',
        description: 'Multi-professional teams in alternative provision.',
      },
    ],
  },
];

export const CURRENT_REFORMS: ReformList = REFORM_LISTS[REFORM_LISTS.length - 1];

export function reformList(version: string): ReformList | undefined {
  return REFORM_LISTS.find((l) => l.version === version);
}

export function reformName(code: string, version = CURRENT_REFORMS.version): string {
  return reformList(version)?.reforms.find((r) => r.code === code)?.name ?? code;
}

export const REFORM_STATUSES = ['planned', 'active', 'paused', 'stopped'] as const;
export type ReformStatus = (typeof REFORM_STATUSES)[number];

/**
 * An indicator in the library. Computed ones come from the modules' `IndicatorRegistry` (their
 * definitions are the modules'); submitted ones are defined here, for figures REP Hub does not
 * hold, entered or uploaded by each LA. Every definition has a version: a change of meaning is a
 * new version, and a figure names the version it was checked against.
 */
export interface SubmittedIndicatorDefinition {
  code: string;
  version: number;
  name: string;
  unit: 'count' | 'percentage' | 'days';
  numerator: string;
  denominator: string | null;
  direction: 'higher_is_better' | 'lower_is_better' | 'neither';
  levels: readonly ('la' | 'partnership')[];
  /** Where an LA finds the figure. */
  source: string;
}

export const SUBMITTED_INDICATORS: readonly SubmittedIndicatorDefinition[] = [
  {
    code: 'evaluation.ehcp_20_weeks',
    version: 1,
    name: 'New EHC plans issued within 20 weeks, excluding exceptions',
    unit: 'percentage',
    numerator: 'New EHC plans issued within 20 weeks, excluding exception cases',
    denominator: 'New EHC plans issued, excluding exception cases',
    direction: 'higher_is_better',
    levels: ['la', 'partnership'],
    source: 'The LA’s SEN2 return',
  },
  {
    code: 'evaluation.ehc_assessment_requests',
    version: 1,
    name: 'Requests for an EHC needs assessment',
    unit: 'count',
    numerator: 'Requests for an EHC needs assessment received in the period',
    denominator: null,
    direction: 'neither',
    levels: ['la', 'partnership'],
    source: 'The LA’s SEN2 return',
  },
  {
    code: 'evaluation.suspensions_sen',
    version: 1,
    name: 'Suspensions of pupils with SEN',
    unit: 'count',
    numerator: 'Suspensions of pupils on SEN support or with an EHC plan in the period',
    denominator: null,
    direction: 'lower_is_better',
    levels: ['la', 'partnership'],
    source: 'The LA’s exclusions data (school census)',
  },
  {
    code: 'evaluation.permanent_exclusions_sen',
    version: 1,
    name: 'Permanent exclusions of pupils with SEN',
    unit: 'count',
    numerator: 'Permanent exclusions of pupils on SEN support or with an EHC plan in the period',
    denominator: null,
    direction: 'lower_is_better',
    levels: ['la', 'partnership'],
    source: 'The LA’s exclusions data (school census)',
  },
  {
    code: 'evaluation.ks2_expected_sen',
    version: 1,
    name: 'Pupils with SEN meeting the expected standard at key stage 2',
    unit: 'percentage',
    numerator: 'Pupils with SEN meeting the expected standard in reading, writing and maths',
    denominator: 'Pupils with SEN at the end of key stage 2',
    direction: 'higher_is_better',
    levels: ['la', 'partnership'],
    source: 'Key stage 2 results for the LA’s schools (NPD)',
  },
  {
    code: 'evaluation.mediation_cases',
    version: 1,
    name: 'Mediation cases held',
    unit: 'count',
    numerator: 'Mediation cases held in the period',
    denominator: null,
    direction: 'neither',
    levels: ['la', 'partnership'],
    source: 'The LA’s SEN2 return',
  },
];

export function submittedIndicator(code: string): SubmittedIndicatorDefinition | undefined {
  return SUBMITTED_INDICATORS.find((d) => d.code === code);
}

/**
 * Return periods and when their figures are due: the programme's rule, shared with the National
 * Board (which compares the releases published for each period), so it lives in the shared
 * reference library and is re-exported here unchanged.
 */
export { RETURN_DUE_DAYS, TERMS, dueOn, parsePeriod, periodExists, periodOf, previousPeriod } from '@rep-hub/reference';
export type { ReturnPeriod, Term } from '@rep-hub/reference';
