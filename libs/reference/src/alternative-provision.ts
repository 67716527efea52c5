/**
 * Alternative provision vocabulary (DOMAIN §4): the three-tier model, provider types and the
 * destinations at the end of a placement. Durations, review cadence and panels are configured per
 * LA elsewhere; they are not reference data.
 */
import type { CodeList, CodeListEntry } from './code-list';

export interface ApTier extends CodeListEntry {
  readonly tier: 1 | 2 | 3;
  readonly description: string;
}

export const AP_TIERS_LIST: CodeList<ApTier> = {
  id: 'ap-tiers',
  version: '2023-03',
  validFrom: '2023-03-02',
  source: 'SEND and Alternative Provision Improvement Plan (March 2023); DOMAIN §4.1',
  note: 'Policy principle: AP is an intervention, not a destination. validFrom is the publication date of the Improvement Plan (2 March 2023, not re-verified).',
  entries: [
    {
      code: 'tier_1',
      tier: 1,
      label: 'Tier 1: targeted support in mainstream',
      description: 'AP specialists work early inside mainstream schools so that at-risk pupils can stay there.',
    },
    {
      code: 'tier_2',
      tier: 2,
      label: 'Tier 2: time-limited placements',
      description: 'Short placements in AP to assess and address needs, with the aim of a return to the home school.',
    },
    {
      code: 'tier_3',
      tier: 3,
      label: 'Tier 3: transitional placements',
      description:
        'Longer AP placements for pupils who need help moving to a new mainstream school or a post-16 destination.',
    },
  ],
};

export const AP_TIERS: readonly ApTier[] = AP_TIERS_LIST.entries;

export interface ApProviderType extends CodeListEntry {
  /** Registered with DfE/Ofsted as a school or college (false for unregistered provision). */
  readonly registered: boolean;
  /** The identifier a placement record usually carries for this kind of provider. */
  readonly usualIdentifier: 'urn' | 'ukprn' | 'none';
}

export const AP_PROVIDER_TYPES_LIST: CodeList<ApProviderType> = {
  id: 'ap-provider-types',
  version: '2023-09',
  validFrom: '2023-09-01',
  source: 'AP census and school census AP-placements module (DOMAIN §4.3)',
  entries: [
    { code: 'pru', label: 'Pupil referral unit', registered: true, usualIdentifier: 'urn' },
    { code: 'ap_academy', label: 'Alternative provision academy', registered: true, usualIdentifier: 'urn' },
    { code: 'ap_free_school', label: 'Alternative provision free school', registered: true, usualIdentifier: 'urn' },
    { code: 'independent_school', label: 'Independent school', registered: true, usualIdentifier: 'urn' },
    {
      code: 'non_maintained_special_school',
      label: 'Non-maintained special school',
      registered: true,
      usualIdentifier: 'urn',
    },
    {
      code: 'fe_college',
      label: 'Further education college',
      registered: true,
      usualIdentifier: 'ukprn',
      note: 'Usually identified by UKPRN (used where a setting has no URN, DOMAIN §7.2); an FE college may also have a GIAS URN.',
    },
    {
      code: 'unregistered_provision',
      label: 'Unregistered provision',
      registered: false,
      usualIdentifier: 'none',
      note: 'Not registered as a school; may hold a UKPRN. Subject to extra oversight (DfE call for evidence, 2022).',
    },
    { code: 'other_registered', label: 'Other registered provision', registered: true, usualIdentifier: 'urn' },
  ],
};

export const AP_PROVIDER_TYPES: readonly ApProviderType[] = AP_PROVIDER_TYPES_LIST.entries;

export type PlacementOutcomeGroup = 'reintegration' | 'specialist' | 'ap' | 'post16' | 'neet' | 'unknown';

export interface PlacementEndDestination extends CodeListEntry {
  /** Broad outcome group, for dashboards (e.g. reintegration into mainstream). */
  readonly outcomeGroup: PlacementOutcomeGroup;
}

export const PLACEMENT_END_DESTINATIONS_LIST: CodeList<PlacementEndDestination> = {
  id: 'placement-end-destinations',
  version: '2023-09',
  validFrom: '2023-09-01',
  source: 'REP Hub vocabulary, from the AP tier model and the AP performance framework outcomes (DOMAIN §4.1-4.2)',
  entries: [
    { code: 'returned_to_home_school', label: 'Returned to home school', outcomeGroup: 'reintegration' },
    {
      code: 'moved_to_another_mainstream_school',
      label: 'Moved to another mainstream school',
      outcomeGroup: 'reintegration',
    },
    { code: 'special_school', label: 'Moved to a special school', outcomeGroup: 'specialist' },
    { code: 'tier_change', label: 'Moved to a different AP tier', outcomeGroup: 'ap' },
    { code: 'post16_education', label: 'Post-16 education', outcomeGroup: 'post16' },
    { code: 'post16_employment_or_training', label: 'Post-16 employment or training', outcomeGroup: 'post16' },
    { code: 'neet', label: 'Not in education, employment or training (NEET)', outcomeGroup: 'neet' },
    { code: 'not_known', label: 'Not known', outcomeGroup: 'unknown' },
  ],
};

export const PLACEMENT_END_DESTINATIONS: readonly PlacementEndDestination[] = PLACEMENT_END_DESTINATIONS_LIST.entries;
