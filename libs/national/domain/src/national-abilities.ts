import { Injectable } from '@nestjs/common';
import { AbilityContribution, AbilityRules, Can, Principal } from '@rep-hub/auth';

/** The subjects of the National Board's work (nothing here is about a child, or below a partnership's published figures). */
export const NATIONAL_SUBJECTS = ['NationalRelease', 'BoardPack', 'BoardDecision', 'BoardDecisionReceived'] as const;
export type NationalSubject = (typeof NATIONAL_SUBJECTS)[number];

/**
 * Who may do what. A National Board member (a platform-scope role, in no partnership) reads the
 * published releases, builds board packs and keeps the board's decisions and actions. A
 * partnership's lead reads the decisions the board sent to that partnership.
 */
@Injectable()
@AbilityRules()
export class NationalAbilityRules implements AbilityContribution {
  readonly module = 'national';
  readonly subjects = NATIONAL_SUBJECTS;

  definePlatform(p: Principal, can: Can): void {
    if (p.platformRole !== 'national_board') return;
    can('read', 'NationalRelease');
    can('read', 'BoardPack');
    can('create', 'BoardPack');
    can('read', 'BoardDecision');
    can('create', 'BoardDecision');
    can('update', 'BoardDecision');
  }

  define(p: Principal, can: Can, tenantId: string): void {
    for (const m of p.memberships) {
      if (m.role === 'partnership_lead') can('read', 'BoardDecisionReceived', { tenantId });
    }
  }
}
