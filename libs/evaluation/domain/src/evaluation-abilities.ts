import { Injectable } from '@nestjs/common';
import { AbilityContribution, AbilityRules, Can, Principal } from '@rep-hub/auth';

/** The subjects of Change Programme evaluation (nothing here is about a child). */
export const EVALUATION_SUBJECTS = [
  'EvaluationReform',
  'EvaluationTest',
  'EvaluationTestResult',
  'EvaluationSubmittedValue',
  'EvaluationReturn',
  'EvaluationReturnSignOff',
] as const;
export type EvaluationSubject = (typeof EVALUATION_SUBJECTS)[number];

/** The roles that read the partnership's evaluation: its lead, and each LA's officers and admins. */
export const EVALUATION_ROLES = ['partnership_lead', 'la_officer', 'la_admin'] as const;

/**
 * Who may do what. The lead and the LAs' officers and admins read the whole partnership's
 * evaluation (aggregates only). The lead keeps the register, the tests and the return for every LA
 * and sends the return; an LA's officers and admins keep their own LA's reform statuses
 * (`laId`), record results of tests their LA takes part in (`laIds`), submit their LA's figures
 * and sign off their LA's part of a return (`laId`).
 */
@Injectable()
@AbilityRules()
export class EvaluationAbilityRules implements AbilityContribution {
  readonly module = 'evaluation';
  readonly subjects = EVALUATION_SUBJECTS;

  define(p: Principal, can: Can, tenantId: string): void {
    for (const m of p.memberships) {
      switch (m.role) {
        case 'partnership_lead':
          for (const s of EVALUATION_SUBJECTS) can('read', s, { tenantId });
          for (const s of ['EvaluationReform', 'EvaluationTest', 'EvaluationTestResult', 'EvaluationReturn'] as const) {
            can('create', s, { tenantId });
            can('update', s, { tenantId });
          }
          break;
        case 'la_officer':
        case 'la_admin':
          for (const s of EVALUATION_SUBJECTS) can('read', s, { tenantId });
          if (m.localAuthorityId) {
            const laId = m.localAuthorityId;
            can('create', 'EvaluationReform', { tenantId, laId });
            can('update', 'EvaluationReform', { tenantId, laId });
            can('create', 'EvaluationTestResult', { tenantId, laIds: laId });
            can('create', 'EvaluationSubmittedValue', { tenantId, laId });
            can('update', 'EvaluationSubmittedValue', { tenantId, laId });
            can('create', 'EvaluationReturnSignOff', { tenantId, laId });
          }
          break;
        default:
          break;
      }
    }
  }
}
