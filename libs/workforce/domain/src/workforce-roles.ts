import { Injectable } from '@nestjs/common';
import { DeclaresRoles, OrganisationKindDefinition, RoleContribution, RoleDefinition } from '@rep-hub/tenancy';

/**
 * Workforce training's organisation kind and role. The `early_years` kind: an early years setting
 * (a nursery, pre-school or childminder on Ofsted's early years register), which needs its Ofsted
 * URN, so coverage can count the settings REP Hub knows with a qualified SENCO. The role, on the
 * core's `training_provider` kind: a training provider's staff, who enrol participants and declare
 * milestones for their own organisation's cohorts only. They never open a child's record.
 */
@Injectable()
@DeclaresRoles()
export class WorkforceRoles implements RoleContribution {
  readonly module = 'workforce';
  readonly organisationKinds: OrganisationKindDefinition[] = [
    {
      code: 'early_years',
      name: 'Early years setting',
      requires: { identifier: 'ofsted_urn', missing: 'Enter the early years setting’s Ofsted URN' },
    },
  ];
  readonly roles: RoleDefinition[] = [
    {
      code: 'training_provider_staff',
      name: 'Training provider staff',
      organisationKinds: ['training_provider'],
      opensNamedChild: false,
    },
  ];
}
