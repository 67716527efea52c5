import { Injectable } from '@nestjs/common';
import { DeclaresRoles, RoleContribution, RoleDefinition } from '@rep-hub/tenancy';

/**
 * Workforce training's role, on the core's `training_provider` organisation kind: a training
 * provider's staff, who enrol participants and declare milestones for their own organisation's
 * cohorts only. They never open a child's record.
 */
@Injectable()
@DeclaresRoles()
export class WorkforceRoles implements RoleContribution {
  readonly module = 'workforce';
  readonly roles: RoleDefinition[] = [
    {
      code: 'training_provider_staff',
      name: 'Training provider staff',
      organisationKinds: ['training_provider'],
      opensNamedChild: false,
    },
  ];
}
