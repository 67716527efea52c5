/**
 * REP Hub's own vocabulary, as the core keeps it: the kinds of organisation every module shares,
 * the platform roles and the partnership roles every module shares. A domain module registers
 * its own kinds and roles beside it (libs/tenancy's RoleRegistry holds them all, and is what the
 * app checks against); these lists are the core's part of it, published as code lists.
 */
import type { CodeList, CodeListEntry } from './code-list';

export const ORGANISATION_KINDS_LIST: CodeList = {
  id: 'organisation-kinds',
  version: '1',
  validFrom: '2023-09-01',
  source: 'REP Hub domain model (DOMAIN, introduction)',
  entries: [
    { code: 'local_authority', label: 'Local authority' },
    { code: 'school', label: 'School or setting' },
    { code: 'icb', label: 'Integrated care board' },
    { code: 'training_provider', label: 'Training provider' },
    { code: 'parent_carer_forum', label: 'Parent carer forum' },
  ],
};

export const ORGANISATION_KINDS: readonly CodeListEntry[] = ORGANISATION_KINDS_LIST.entries;

export type RoleScope = 'platform' | 'tenant' | 'national';

export interface Role extends CodeListEntry {
  /** Where the role applies: the whole platform, one partnership (tenant), or national aggregates. */
  readonly scope: RoleScope;
  /** True where the role may open a named child's record (subject to its organisation's access). */
  readonly canOpenNamedChild: boolean;
}

export const ROLES_LIST: CodeList<Role> = {
  id: 'roles',
  version: '1',
  validFrom: '2023-09-01',
  source: 'REP Hub access model',
  entries: [
    { code: 'platform_admin', label: 'Platform administrator', scope: 'platform', canOpenNamedChild: false },
    { code: 'partnership_lead', label: 'Partnership lead', scope: 'tenant', canOpenNamedChild: false },
    { code: 'la_officer', label: 'Local authority officer', scope: 'tenant', canOpenNamedChild: true },
    { code: 'setting_staff', label: 'School or setting staff', scope: 'tenant', canOpenNamedChild: true },
    { code: 'workforce_lead', label: 'Workforce lead', scope: 'tenant', canOpenNamedChild: false },
    {
      code: 'la_admin',
      label: 'Local authority admin',
      scope: 'tenant',
      // it opens no record itself, but it gives the roles that do: held to the same bar (TOTP; granted by the LA only)
      canOpenNamedChild: true,
      note: "An LA's right to give, change and end the roles that open its children (LA officer, DPO, school and provider staff in that LA).",
    },
    {
      code: 'icb_member',
      label: 'Integrated care board member',
      scope: 'tenant',
      canOpenNamedChild: false,
      note: 'Health partners: the partnership’s home and partnership-wide pages; never a child.',
    },
    {
      code: 'parent_carer_forum_member',
      label: 'Parent carer forum member',
      scope: 'tenant',
      canOpenNamedChild: false,
      note: 'Parent carer forum representatives: the partnership’s home and partnership-wide pages; never a child.',
    },
    {
      code: 'data_protection_officer',
      label: 'Data protection officer',
      scope: 'tenant',
      // a subject access draft holds everything about one named child, so the DPO signs in with TOTP too
      canOpenNamedChild: true,
      note: "An LA's DPO: reads the audit trail (who viewed a record) and prepares subject access responses (a draft of everything held about one pupil).",
    },
    {
      code: 'national_board',
      label: 'National Board member',
      scope: 'national',
      canOpenNamedChild: false,
      note: 'Sees only disclosure-controlled aggregates that partnerships submit.',
    },
  ],
};

export const ROLES: readonly Role[] = ROLES_LIST.entries;

/** The role with this code, or undefined. */
export function findRole(code: string): Role | undefined {
  return ROLES.find((r) => r.code === code);
}
