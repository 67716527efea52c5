import { ORGANISATION_KINDS, ROLES } from '@rep-hub/reference';
import type { OrganisationIdentifierRule, PlatformRoleDefinition, RoleContribution } from './role-catalogue';

/** Which organisation kinds each of the core's partnership roles may be held in. */
const CORE_ROLE_KINDS: Record<string, readonly string[]> = {
  partnership_lead: ['local_authority'],
  la_officer: ['local_authority'],
  data_protection_officer: ['local_authority'],
  setting_staff: ['school'],
  workforce_lead: ['training_provider', 'local_authority'],
  la_admin: ['local_authority'],
  icb_member: ['icb'],
  parent_carer_forum_member: ['parent_carer_forum'],
};

/** The identifiers the core's kinds need beyond a local authority's DfE number (the onboarding's own rule). */
const CORE_KIND_IDENTIFIERS: Record<string, OrganisationIdentifierRule> = {
  school: { identifier: 'urn', missing: 'Enter the school’s URN' },
};

/**
 * The core's organisation kinds and partnership roles, which every module shares (names and who
 * can open a named child from libs/reference's platform vocabulary): local authority, school,
 * ICB, training provider and parent carer forum; partnership lead, LA officer, DPO, setting staff,
 * workforce lead, LA admin (an LA's right to give the roles that open its children), ICB member
 * and parent carer forum member (these two see no child, ever). A module registers its own beside them with a `@DeclaresRoles()` provider.
 */
export const CORE_ROLE_CONTRIBUTION: RoleContribution = {
  module: 'the core',
  organisationKinds: ORGANISATION_KINDS.map((k) => ({
    code: k.code,
    name: k.label,
    ...(CORE_KIND_IDENTIFIERS[k.code] ? { requires: CORE_KIND_IDENTIFIERS[k.code] } : {}),
  })),
  roles: ROLES.filter((r) => r.scope === 'tenant').map((r) => ({
    code: r.code,
    name: r.label,
    organisationKinds: CORE_ROLE_KINDS[r.code] ?? [],
    opensNamedChild: r.canOpenNamedChild,
  })),
};

/** The platform roles a user can be created with (none for a partnership user). */
export const PLATFORM_ROLE_CODES = ['platform_admin', 'national_board'] as const;

export const CORE_PLATFORM_ROLES: readonly PlatformRoleDefinition[] = ROLES.filter((r) => r.scope !== 'tenant').map(
  (r) => ({ code: r.code, name: r.label }),
);
