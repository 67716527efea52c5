import { Injectable } from '@nestjs/common';
import { DeclaresRoles, OrganisationKindDefinition, RoleContribution, RoleDefinition } from '@rep-hub/tenancy';

/**
 * Alternative provision's organisation kind and role: AP providers (a URN or a UKPRN each), and
 * their staff, who accept offers, run placements and record attendance, so open a named child's
 * record and sign in with TOTP.
 */
@Injectable()
@DeclaresRoles()
export class ApRoles implements RoleContribution {
  readonly module = 'alternative-provision';
  readonly organisationKinds: OrganisationKindDefinition[] = [
    {
      code: 'ap_provider',
      name: 'Alternative provision provider',
      requires: { identifier: 'urn_or_ukprn', missing: 'Enter the provider’s URN or UKPRN' },
    },
  ];
  readonly roles: RoleDefinition[] = [
    { code: 'ap_provider_staff', name: 'AP provider staff', organisationKinds: ['ap_provider'], opensNamedChild: true },
  ];
}
