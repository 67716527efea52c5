import { AbilityBuilder, createMongoAbility, MongoAbility } from '@casl/ability';
import { Principal } from '../principal';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete';
export type Subject =
  | 'Platform'
  | 'Tenant'
  | 'Organisation'
  | 'User'
  | 'Membership'
  | 'DataSharingAgreement'
  | 'AuditEvent'
  | 'ApProvider'
  | 'ApQualityCheck'
  | 'ApCommissionedPlace'
  | 'Pupil'
  | 'PupilMatch'
  | 'ApCase'
  | 'ApCaseSummary'
  | 'ApLaSettings'
  | 'ApAttendance'
  | 'ApReview'
  | 'ApFollowUp'
  | 'ApAlert'
  | 'ApMeasures'
  | 'ApRetentionRule'
  | 'PupilSubjectAccess'
  | 'all';

export type AppAbility = MongoAbility<[Action, Subject | Record<string, unknown>]>;

/** The only operators a rule may use: each becomes SQL on an indexed column of the table. */
const ALLOWED_OPERATORS = new Set(['$eq', '$in', '$ne', '$nin']);

export class UnsupportedRuleError extends Error {
  constructor(detail: string) {
    super(`Unsupported ability condition: ${detail}`);
    this.name = 'UnsupportedRuleError';
  }
}

function checkConditions(conditions: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(conditions)) {
    if (field.startsWith('$')) throw new UnsupportedRuleError(`top-level operator ${field}`);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const op of Object.keys(value)) {
        if (!ALLOWED_OPERATORS.has(op)) throw new UnsupportedRuleError(`${op} on ${field}`);
      }
    }
  }
}

/**
 * The CASL abilities of a principal, per role and organisation. Conditions use the table's own
 * columns (tenantId, id, localAuthorityId…) so they compile to SQL; an unsupported operator is
 * rejected here, because a silently dropped rule would widen access.
 */
export function defineAbilities(p: Principal): AppAbility {
  const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);

  if (p.platformRole === 'platform_admin') {
    // platform scope: onboarding only, never a tenant's pupil data or audit trail
    can('manage', 'Platform');
    can('manage', 'Tenant');
    can('manage', 'Organisation');
    can('manage', 'User');
    can('manage', 'Membership');
  }

  if (p.tenantId !== null && p.memberships.length > 0) {
    const tenantId = p.tenantId;
    can('read', 'Tenant', { id: tenantId });
    can('read', 'Organisation', { tenantId });
    can('read', 'DataSharingAgreement', { tenantId });
    // the AP directory is the partnership's: every member reads it (schools choose providers too)
    can('read', 'ApProvider', { tenantId });
    // each LA's panel dates and cadence are public within the partnership (schools plan around them)
    can('read', 'ApLaSettings', { tenantId });
    // the people of the partnership: names and roles for everyone; contact details for the lead and DPO
    can('read', 'Membership', ['id', 'userId', 'displayName', 'role', 'organisationId', 'organisationName', 'tenantId'], { tenantId });
    for (const m of p.memberships) {
      switch (m.role) {
        case 'partnership_lead':
          can('read', 'Membership', ['email'], { tenantId });
          can('create', 'DataSharingAgreement', { tenantId });
          can('update', 'DataSharingAgreement', { tenantId });
          can('create', 'ApProvider', { tenantId });
          can('update', 'ApProvider', { tenantId });
          can('create', 'ApQualityCheck', { tenantId });
          can('update', 'ApCommissionedPlace', { tenantId });
          can('update', 'ApLaSettings', { tenantId });
          // the partnership's AP picture: pseudonymised cases, never a name, UPN or date of birth
          can('read', 'ApCaseSummary', { tenantId });
          // AP measures are aggregates of every LA (counts and rates, never a child)
          can('read', 'ApMeasures', { tenantId });
          can('read', 'ApRetentionRule', { tenantId });
          can('update', 'ApRetentionRule', { tenantId });
          break;
        case 'la_officer':
          // commissioners keep the directory; each sets the places of its own LA only
          can('create', 'ApProvider', { tenantId });
          can('update', 'ApProvider', { tenantId });
          can('create', 'ApQualityCheck', { tenantId });
          if (m.localAuthorityId) {
            can('update', 'ApCommissionedPlace', { tenantId, laId: m.localAuthorityId });
            // pupils: created in the officer's own LA; read in their LAs and those sharing with them
            can('create', 'Pupil', { tenantId, laId: m.localAuthorityId });
            can('read', 'Pupil', { tenantId, laId: { $in: p.laIds } });
            can('read', 'PupilMatch', { tenantId, laId: m.localAuthorityId });
            can('update', 'PupilMatch', { tenantId, laId: m.localAuthorityId });
            // cases: commissioned and decided by the officers of the pupil's home LA
            can('create', 'ApCase', { tenantId, laId: m.localAuthorityId });
            can('read', 'ApCase', { tenantId, laId: { $in: p.laIds } });
            can('update', 'ApCase', { tenantId, laId: m.localAuthorityId });
            can('update', 'ApLaSettings', { tenantId, laId: m.localAuthorityId });
            // oversight of placements (conditions are on the case's columns: laId, settingId, providerId)
            can('read', 'ApAttendance', { tenantId, laId: { $in: p.laIds } });
            can('read', 'ApReview', { tenantId, laId: { $in: p.laIds } });
            can('create', 'ApReview', { tenantId, laId: m.localAuthorityId });
            can('update', 'ApReview', { tenantId, laId: m.localAuthorityId });
            can('read', 'ApFollowUp', { tenantId, laId: { $in: p.laIds } });
            can('update', 'ApFollowUp', { tenantId, laId: m.localAuthorityId });
            can('read', 'ApAlert', { tenantId, laId: m.localAuthorityId });
            can('update', 'ApAlert', { tenantId, laId: m.localAuthorityId });
            can('read', 'ApMeasures', { tenantId, laId: { $in: p.laIds } });
            can('read', 'ApRetentionRule', { tenantId, laId: m.localAuthorityId });
            can('update', 'ApRetentionRule', { tenantId, laId: m.localAuthorityId });
          }
          break;
        case 'setting_staff':
          // a school records its own pupils and refers or commissions for them; it sees only its own
          if (m.organisationKind === 'school' && m.localAuthorityId) {
            can('create', 'Pupil', { tenantId, laId: m.localAuthorityId, settingId: m.organisationId });
            can('read', 'Pupil', { tenantId, settingId: m.organisationId });
            can('create', 'ApCase', { tenantId, settingId: m.organisationId });
            can('read', 'ApCase', { tenantId, settingId: m.organisationId });
            can('update', 'ApCase', { tenantId, settingId: m.organisationId });
            // the commissioning or referring school follows its placements
            can('read', 'ApAttendance', { tenantId, settingId: m.organisationId });
            can('read', 'ApReview', { tenantId, settingId: m.organisationId });
            can('create', 'ApReview', { tenantId, settingId: m.organisationId });
            can('update', 'ApReview', { tenantId, settingId: m.organisationId });
            can('read', 'ApFollowUp', { tenantId, settingId: m.organisationId });
            can('update', 'ApFollowUp', { tenantId, settingId: m.organisationId });
            can('read', 'ApAlert', { tenantId, settingId: m.organisationId });
            can('update', 'ApAlert', { tenantId, settingId: m.organisationId });
          }
          break;
        case 'ap_provider_staff':
          // a provider sees and acts on the cases offered to it, in the LAs that commission it
          if (p.apProviderIds.length) {
            can('read', 'ApCase', { tenantId, providerId: { $in: p.apProviderIds } });
            can('update', 'ApCase', { tenantId, providerId: { $in: p.apProviderIds } });
            // the provider keeps the register and holds the reviews of its placements
            can('read', 'ApAttendance', { tenantId, providerId: { $in: p.apProviderIds } });
            can('create', 'ApAttendance', { tenantId, providerId: { $in: p.apProviderIds } });
            can('read', 'ApReview', { tenantId, providerId: { $in: p.apProviderIds } });
            can('create', 'ApReview', { tenantId, providerId: { $in: p.apProviderIds } });
            can('update', 'ApReview', { tenantId, providerId: { $in: p.apProviderIds } });
            can('read', 'ApAlert', { tenantId, providerId: { $in: p.apProviderIds } });
          }
          break;
        case 'data_protection_officer':
          can('read', 'AuditEvent', { tenantId });
          can('read', 'Membership', ['email'], { tenantId });
          // subject access: a draft of everything held about one pupil, for the DPO to redact
          can('read', 'PupilSubjectAccess', { tenantId });
          can('read', 'ApRetentionRule', { tenantId });
          break;
        default:
          break;
      }
    }
  }

  const ability = build();
  for (const rule of ability.rules) if (rule.conditions) checkConditions(rule.conditions as Record<string, unknown>);
  return ability;
}
