import { Injectable } from '@nestjs/common';
import { AbilityContribution, AbilityRules, Can, Principal } from '@rep-hub/auth';
import { trainingProviderIds } from './workforce-principal';

/** The subjects of workforce training (participants are adults' personal data, walled by their employing LA). */
export const WORKFORCE_SUBJECTS = [
  'WorkforceProgramme',
  'WorkforceCohort',
  'WorkforceAllocation',
  'WorkforceParticipant',
  'WorkforceEnrolment',
  'WorkforceMilestone',
  'WorkforceCoverage',
] as const;
export type WorkforceSubject = (typeof WORKFORCE_SUBJECTS)[number];

/** The roles that see workforce training pages. */
export const WORKFORCE_ROLES = ['workforce_lead', 'training_provider_staff', 'la_officer'] as const;

/** The columns each subject's conditions name, per table alias (CASL decides, SQL scopes). */
export const COHORT_COLUMNS = { tenantId: 'tenant_id', providerId: 'provider_id' };
/** An allocation's `provider_id` is its cohort's (WorkforceStore.allocations reads it with the row). */
export const ALLOCATION_COLUMNS = { tenantId: 'tenant_id', laId: 'la_id', providerId: 'provider_id' };
export const PARTICIPANT_COLUMNS = { tenantId: 'tenant_id', laId: 'la_id', recordedByOrgId: 'recorded_by_org_id' };
export const ENROLMENT_COLUMNS = { tenantId: 'tenant_id', laId: 'la_id', providerId: 'provider_id' };

/**
 * Who may do what. A workforce lead (partnership level) keeps the programmes, cohorts and each
 * LA's funded places, and reads everything. A training provider's staff read the programmes and
 * their own organisation's cohorts with each LA's places in them (whom they may enrol), record participants, enrol them in those cohorts, move their
 * enrolments and declare milestones: their own organisation's only. An LA officer reads the
 * programmes and cohorts, their LA's places and their LA's participants, enrolments and
 * milestones, and their LA's coverage. The partnership lead reads every LA's coverage (counts and
 * rates only). Settings' staff have nothing here.
 */
@Injectable()
@AbilityRules()
export class WorkforceAbilityRules implements AbilityContribution {
  readonly module = 'workforce';
  readonly subjects = WORKFORCE_SUBJECTS;

  define(p: Principal, can: Can, tenantId: string): void {
    for (const m of p.memberships) {
      switch (m.role) {
        case 'workforce_lead':
          for (const s of WORKFORCE_SUBJECTS) can('read', s, { tenantId });
          for (const s of ['WorkforceProgramme', 'WorkforceCohort', 'WorkforceAllocation'] as const) {
            can('create', s, { tenantId });
            can('update', s, { tenantId });
          }
          break;
        case 'partnership_lead':
          // coverage is counts and rates of every LA, never a participant
          can('read', 'WorkforceCoverage', { tenantId });
          break;
        case 'training_provider_staff': {
          const providers = trainingProviderIds(p);
          if (!providers.length) break;
          can('read', 'WorkforceProgramme', { tenantId });
          can('read', 'WorkforceCohort', { tenantId, providerId: { $in: providers } });
          can('read', 'WorkforceAllocation', { tenantId, providerId: { $in: providers } });
          can('create', 'WorkforceParticipant', { tenantId, recordedByOrgId: { $in: providers } });
          can('read', 'WorkforceParticipant', { tenantId, recordedByOrgId: { $in: providers } });
          can('create', 'WorkforceEnrolment', { tenantId, providerId: { $in: providers } });
          can('read', 'WorkforceEnrolment', { tenantId, providerId: { $in: providers } });
          can('update', 'WorkforceEnrolment', { tenantId, providerId: { $in: providers } });
          can('create', 'WorkforceMilestone', { tenantId, providerId: { $in: providers } });
          can('read', 'WorkforceMilestone', { tenantId, providerId: { $in: providers } });
          break;
        }
        case 'la_officer':
          if (!m.localAuthorityId) break;
          can('read', 'WorkforceProgramme', { tenantId });
          can('read', 'WorkforceCohort', { tenantId });
          can('read', 'WorkforceAllocation', { tenantId, laId: m.localAuthorityId });
          can('read', 'WorkforceParticipant', { tenantId, laId: m.localAuthorityId });
          can('read', 'WorkforceEnrolment', { tenantId, laId: m.localAuthorityId });
          can('read', 'WorkforceMilestone', { tenantId, laId: m.localAuthorityId });
          can('read', 'WorkforceCoverage', { tenantId, laId: m.localAuthorityId });
          break;
        default:
          break;
      }
    }
  }
}
