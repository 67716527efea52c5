import { Injectable } from '@nestjs/common';
import { AbilityContribution, AbilityRules, Can, Principal } from '@rep-hub/auth';

/** The subjects of local partnerships and local inclusion plans (nothing here is about a child). */
export const PLANS_SUBJECTS = [
  'LocalPartnership',
  'LocalPartnershipMeeting',
  'InclusionPlan',
  'InclusionPlanSignOff',
  'InclusionPlanAction',
  'InclusionPlanSufficiency',
  'InclusionPlansRegional',
] as const;

/**
 * Who may do what. Every member of the partnership reads its local partnerships and its plans,
 * drafts included (drafts are never public). The lead keeps every LA's; an LA's officers and LA
 * admins keep their own LA's (`laId`, or `laIds` for a plan of several LAs); each member
 * organisation signs off for itself and updates the actions it owns (`ownerOrganisationId`).
 */
@Injectable()
@AbilityRules()
export class PlansAbilityRules implements AbilityContribution {
  readonly module = 'inclusion-plans';
  readonly subjects = PLANS_SUBJECTS;

  define(p: Principal, can: Can, tenantId: string): void {
    if (!p.memberships.length) return;
    can('read', 'LocalPartnership', { tenantId });
    can('read', 'LocalPartnershipMeeting', { tenantId });
    can('read', 'InclusionPlan', { tenantId });
    can('read', 'InclusionPlanAction', { tenantId });
    can('read', 'InclusionPlanSufficiency', { tenantId });
    for (const m of p.memberships) {
      // a member organisation signs off for itself and updates the actions it owns
      can('create', 'InclusionPlanSignOff', { tenantId, organisationId: m.organisationId });
      can('update', 'InclusionPlanAction', { tenantId, ownerOrganisationId: m.organisationId });
      switch (m.role) {
        case 'partnership_lead':
          for (const s of PLANS_SUBJECTS) {
            can('create', s, { tenantId });
            can('update', s, { tenantId });
          }
          can('read', 'InclusionPlansRegional', { tenantId });
          break;
        case 'la_officer':
        case 'la_admin':
          if (m.localAuthorityId) {
            for (const s of ['LocalPartnership', 'LocalPartnershipMeeting', 'InclusionPlanSufficiency'] as const) {
              can('create', s, { tenantId, laId: m.localAuthorityId });
              can('update', s, { tenantId, laId: m.localAuthorityId });
            }
            can('create', 'InclusionPlan', { tenantId, laIds: m.localAuthorityId });
            can('update', 'InclusionPlan', { tenantId, laIds: m.localAuthorityId });
            can('create', 'InclusionPlanAction', { tenantId, laIds: m.localAuthorityId });
            can('update', 'InclusionPlanAction', { tenantId, laIds: m.localAuthorityId });
          }
          break;
        default:
          break;
      }
    }
  }
}
