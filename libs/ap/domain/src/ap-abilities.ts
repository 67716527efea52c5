import { Injectable } from '@nestjs/common';
import { AbilityContribution, AbilityRules, Can, Principal } from '@rep-hub/auth';
import { apProviderIds } from './ap-principal';

/** The subjects of alternative provision (the pupils it holds are its own until a contract shares them). */
export const AP_SUBJECTS = [
  'ApProvider',
  'ApQualityCheck',
  'ApCommissionedPlace',
  'Pupil',
  'PupilMatch',
  'ApCase',
  'ApCaseSummary',
  'ApLaSettings',
  'ApAttendance',
  'ApReview',
  'ApFollowUp',
  'ApAlert',
  'ApMeasures',
  'ApRetentionRule',
  'PupilSubjectAccess',
] as const;

/**
 * Who may do what in alternative provision, per role and organisation. Every condition is a column
 * of the subject's table (or of the case a record belongs to: laId, settingId, providerId), so the
 * services scope their SQL by it.
 */
@Injectable()
@AbilityRules()
export class ApAbilityRules implements AbilityContribution {
  readonly module = 'alternative-provision';
  readonly subjects = AP_SUBJECTS;

  define(p: Principal, can: Can, tenantId: string): void {
    const providers = apProviderIds(p);
    // the AP directory is the partnership's: every member reads it (schools choose providers too)
    can('read', 'ApProvider', { tenantId });
    // each LA's panel dates and cadence are public within the partnership (schools plan around them)
    can('read', 'ApLaSettings', { tenantId });
    for (const m of p.memberships) {
      switch (m.role) {
        case 'partnership_lead':
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
            // a record is corrected by its own LA's officers (never a sharing LA's)
            can('update', 'Pupil', { tenantId, laId: m.localAuthorityId });
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
            can('update', 'Pupil', { tenantId, settingId: m.organisationId });
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
          if (providers.length) {
            can('read', 'ApCase', { tenantId, providerId: { $in: providers } });
            can('update', 'ApCase', { tenantId, providerId: { $in: providers } });
            // the provider keeps the register and holds the reviews of its placements
            can('read', 'ApAttendance', { tenantId, providerId: { $in: providers } });
            can('create', 'ApAttendance', { tenantId, providerId: { $in: providers } });
            can('read', 'ApReview', { tenantId, providerId: { $in: providers } });
            can('create', 'ApReview', { tenantId, providerId: { $in: providers } });
            can('update', 'ApReview', { tenantId, providerId: { $in: providers } });
            can('read', 'ApAlert', { tenantId, providerId: { $in: providers } });
          }
          break;
        case 'data_protection_officer':
          // subject access: a draft of everything held about one pupil, for the DPO to redact
          can('read', 'PupilSubjectAccess', { tenantId });
          can('read', 'ApRetentionRule', { tenantId });
          break;
        default:
          break;
      }
    }
  }
}
