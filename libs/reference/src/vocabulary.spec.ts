import { AP_PROVIDER_TYPES, AP_TIERS, PLACEMENT_END_DESTINATIONS } from './alternative-provision';
import {
  EXCLUSION_REASON_VERSIONS,
  EXCLUSION_TYPES,
  MAX_EXCLUSION_REASONS,
  MAX_SUSPENSION_DAYS_PER_YEAR,
  exclusionReasonFor,
} from './exclusions';
import { ORGANISATION_KINDS, ROLES, findRole } from './platform-vocabulary';
import { SEN_NEED_TYPES, SEN_PROVISION_CODES, senNeedTypesFor } from './sen';

const codes = (entries: readonly { code: string }[]) => entries.map((e) => e.code);

describe('SEN codes', () => {
  it('has the thirteen need types', () => {
    expect(codes(SEN_NEED_TYPES)).toEqual([
      'SPLD',
      'MLD',
      'SLD',
      'PMLD',
      'SEMH',
      'SLCN',
      'HI',
      'VI',
      'MSI',
      'PD',
      'ASD',
      'OTH',
      'NSA',
    ]);
  });

  it('flags NSA, and only NSA, as school census only', () => {
    expect(SEN_NEED_TYPES.filter((n) => n.schoolCensusOnly).map((n) => n.code)).toEqual(['NSA']);
    expect(codes(senNeedTypesFor('sen2'))).not.toContain('NSA');
    expect(senNeedTypesFor('sen2')).toHaveLength(12);
    expect(codes(senNeedTypesFor('school_census'))).toContain('NSA');
  });

  it('has provision codes E, K and N', () => {
    expect(SEN_PROVISION_CODES).toEqual([
      { code: 'E', label: 'Education, health and care plan' },
      { code: 'K', label: 'SEN support' },
      { code: 'N', label: 'No special educational need' },
    ]);
  });
});

describe('AP vocabulary', () => {
  it('has three tiers numbered 1-3 with descriptions', () => {
    expect(AP_TIERS.map((t) => [t.code, t.tier])).toEqual([
      ['tier_1', 1],
      ['tier_2', 2],
      ['tier_3', 3],
    ]);
    expect(AP_TIERS[1]?.description).toMatch(/return to the home school/);
    expect(AP_TIERS[2]?.description).toMatch(/post-16/);
    expect(AP_TIERS.every((t) => t.description.length > 20)).toBe(true);
  });

  it('has the provider types, with unregistered provision the only unregistered one', () => {
    expect(codes(AP_PROVIDER_TYPES)).toEqual([
      'pru',
      'ap_academy',
      'ap_free_school',
      'independent_school',
      'non_maintained_special_school',
      'fe_college',
      'unregistered_provision',
      'other_registered',
    ]);
    expect(AP_PROVIDER_TYPES.filter((t) => !t.registered).map((t) => t.code)).toEqual(['unregistered_provision']);
    expect(AP_PROVIDER_TYPES.find((t) => t.code === 'fe_college')?.usualIdentifier).toBe('ukprn');
  });

  it('has the placement end destinations', () => {
    expect(codes(PLACEMENT_END_DESTINATIONS)).toEqual([
      'returned_to_home_school',
      'moved_to_another_mainstream_school',
      'special_school',
      'tier_change',
      'post16_education',
      'post16_employment_or_training',
      'neet',
      'not_known',
    ]);
    expect(PLACEMENT_END_DESTINATIONS.filter((d) => d.outcomeGroup === 'reintegration')).toHaveLength(2);
  });
});

describe('exclusions', () => {
  it('has suspension and permanent exclusion', () => {
    expect(codes(EXCLUSION_TYPES)).toEqual(expect.arrayContaining(['suspension', 'permanent_exclusion']));
    expect(EXCLUSION_TYPES.find((t) => t.code === 'suspension')?.label).toBe('Suspension');
  });

  it('has the sixteen reason codes from autumn 2020', () => {
    expect(codes(EXCLUSION_REASON_VERSIONS[1]?.entries ?? [])).toEqual([
      'PP',
      'PA',
      'VP',
      'VA',
      'OW',
      'BU',
      'RA',
      'LG',
      'DS',
      'SM',
      'DA',
      'DB',
      'DM',
      'TH',
      'MT',
      'PH',
    ]);
  });

  it('looks reasons up by date', () => {
    expect(exclusionReasonFor('mt', '2024-01-10')?.label).toBe(
      'Inappropriate use of social media or online technology',
    );
    expect(exclusionReasonFor('MT', '2019-01-10')).toBeUndefined();
    expect(exclusionReasonFor('OT', '2019-01-10')?.label).toBe('Other');
    expect(exclusionReasonFor('OT', '2024-01-10')).toBeUndefined();
  });

  it('exposes the statutory limits', () => {
    expect(MAX_SUSPENSION_DAYS_PER_YEAR).toBe(45);
    expect(MAX_EXCLUSION_REASONS).toBe(3);
  });
});

describe('platform vocabulary (the core part: a module registers its own kinds and roles beside it)', () => {
  it('has the organisation kinds every module shares', () => {
    expect(codes(ORGANISATION_KINDS)).toEqual([
      'local_authority',
      'school',
      'icb',
      'training_provider',
      'parent_carer_forum',
    ]);
  });

  it('has the roles with their scopes', () => {
    expect(ROLES.map((r) => [r.code, r.scope])).toEqual([
      ['platform_admin', 'platform'],
      ['partnership_lead', 'tenant'],
      ['la_officer', 'tenant'],
      ['setting_staff', 'tenant'],
      ['workforce_lead', 'tenant'],
      ['la_admin', 'tenant'],
      ['icb_member', 'tenant'],
      ['parent_carer_forum_member', 'tenant'],
      ['data_protection_officer', 'tenant'],
      ['national_board', 'national'],
    ]);
  });

  it('lets only LA officers, setting staff and DPOs open a named child, of the core roles (and holds LA admins, who give those roles, to the same bar)', () => {
    expect(ROLES.filter((r) => r.canOpenNamedChild).map((r) => r.code)).toEqual([
      'la_officer',
      'setting_staff',
      'la_admin',
      'data_protection_officer',
    ]);
    expect(findRole('icb_member')?.canOpenNamedChild).toBe(false);
    expect(findRole('parent_carer_forum_member')?.canOpenNamedChild).toBe(false);
    expect(findRole('la_officer')?.label).toBe('Local authority officer');
    expect(findRole('unknown_role')).toBeUndefined();
  });
});
