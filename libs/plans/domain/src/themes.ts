/**
 * National Standards themes for tagging plan sections and actions: versioned reference data,
 * marked provisional (DOMAIN.md §3: the standards taxonomy is inferred and not yet published).
 * A new list is a new version; a section keeps the version it was tagged with.
 */
export interface ThemeList {
  version: string;
  provisional: boolean;
  source: string;
  themes: readonly { code: string; name: string }[];
}

export const THEME_LISTS: readonly ThemeList[] = [
  {
    version: '2026-provisional-1',
    provisional: true,
    source:
      'REP Hub’s reading of the SEND and AP Improvement Plan and the practice guides announced so far (DOMAIN.md §3)',
    themes: [
      { code: 'identification_of_need', name: 'Identification of need' },
      { code: 'ordinarily_available_provision', name: 'Ordinarily available provision' },
      { code: 'targeted_support', name: 'Targeted support' },
      { code: 'ehc_assessment_and_plans', name: 'EHC assessment and plans' },
      { code: 'tailored_lists_and_placement', name: 'Tailored lists and placement' },
      { code: 'co_production_and_voice', name: 'Co-production and the voice of the child or young person' },
      { code: 'transitions_and_adulthood', name: 'Transitions and preparation for adulthood' },
      { code: 'ap_tiers', name: 'Alternative provision tiers' },
      { code: 'redress_and_mediation', name: 'Redress and mediation' },
    ],
  },
];

export const CURRENT_THEMES: ThemeList = THEME_LISTS[THEME_LISTS.length - 1];

export function themeList(version: string): ThemeList | undefined {
  return THEME_LISTS.find((l) => l.version === version);
}

/** The sections of a local inclusion plan, in the order they are shown. */
export const PLAN_SECTIONS = [
  { key: 'needs_analysis', name: 'Needs analysis' },
  { key: 'ordinarily_available_provision', name: 'Ordinarily available provision' },
  { key: 'sufficiency', name: 'Sufficiency of specialist and alternative provision places' },
  { key: 'joint_commissioning', name: 'Joint commissioning' },
  { key: 'co_production', name: 'Co-production' },
  { key: 'transitions_adulthood', name: 'Transitions and preparation for adulthood' },
  { key: 'outcomes', name: 'Outcomes' },
] as const;
export type PlanSectionKey = (typeof PLAN_SECTIONS)[number]['key'];

/** The kinds of member organisation of a local SEND and AP partnership. */
export const MEMBER_KINDS = [
  { code: 'local_authority', name: 'Local authority' },
  { code: 'icb', name: 'Integrated care board' },
  { code: 'school_college', name: 'School or college' },
  { code: 'alternative_provision', name: 'Alternative provision' },
  { code: 'early_years', name: 'Early years' },
  { code: 'social_care', name: 'Social care' },
  { code: 'parent_carer_forum', name: 'Parent carer forum' },
] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number]['code'];

export const PLAN_STATUSES = ['draft', 'co_production', 'signed_off', 'published', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLACE_TYPES = [
  { code: 'special_school', name: 'Special school' },
  { code: 'resourced_provision', name: 'Resourced provision or SEN unit' },
  { code: 'ap_tier_1', name: 'Alternative provision, tier 1' },
  { code: 'ap_tier_2', name: 'Alternative provision, tier 2' },
  { code: 'ap_tier_3', name: 'Alternative provision, tier 3' },
] as const;
