import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { CORE_PLATFORM_ROLES, CORE_ROLE_CONTRIBUTION } from './core-roles';
import {
  identifierField,
  ORGANISATION_IDENTIFIERS,
  RoleCatalogue,
  RoleContribution,
  RoleRegistryError,
} from './role-catalogue';
import { DeclaresRoles, RoleRegistry, rolesInForce } from './role-registry';

@Injectable()
@DeclaresRoles()
class Gardens implements RoleContribution {
  readonly module = 'gardens';
  readonly organisationKinds = [
    {
      code: 'garden_trust',
      name: 'Garden trust',
      requires: { identifier: 'urn' as const, missing: 'Enter the trust’s URN' },
    },
  ];
  readonly roles = [
    { code: 'gardener', name: 'Gardener', organisationKinds: ['garden_trust', 'school'], opensNamedChild: true },
    { code: 'garden_visitor', name: 'Garden visitor', organisationKinds: ['garden_trust'], opensNamedChild: false },
  ];
}

@Injectable()
@DeclaresRoles()
class Allotments implements RoleContribution {
  readonly module = 'allotments';
  readonly organisationKinds = [{ code: 'garden_trust', name: 'Another garden trust' }];
  readonly roles = [
    { code: 'la_officer', name: 'Allotment officer', organisationKinds: ['local_authority'], opensNamedChild: false },
    { code: 'national_board', name: 'Allotment board', organisationKinds: ['local_authority'], opensNamedChild: false },
    { code: 'plot_holder', name: 'Plot holder', organisationKinds: ['allotment_society'], opensNamedChild: false },
  ];
}

async function boot(...providers: (new () => RoleContribution)[]): Promise<RoleRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [RoleRegistry, ...providers],
  }).compile();
  await ref.init();
  return ref.get(RoleRegistry);
}

describe('the role registry', () => {
  afterAll(() => boot()); // leaves the core's roles in force for the suites after this one

  it('holds the core kinds and roles, each module’s beside them, in the order declared', async () => {
    const roles = await boot(Gardens);
    expect(roles.kinds().map((k) => k.code)).toEqual([
      'local_authority',
      'school',
      'icb',
      'training_provider',
      'parent_carer_forum',
      'garden_trust',
    ]);
    expect(roles.roles().map((r) => [r.code, r.organisationKinds])).toEqual([
      ['partnership_lead', ['local_authority']],
      ['la_officer', ['local_authority']],
      ['setting_staff', ['school']],
      ['workforce_lead', ['training_provider', 'local_authority']],
      ['la_admin', ['local_authority']],
      ['icb_member', ['icb']],
      ['parent_carer_forum_member', ['parent_carer_forum']],
      ['data_protection_officer', ['local_authority']],
      ['gardener', ['garden_trust', 'school']],
      ['garden_visitor', ['garden_trust']],
    ]);
    expect(roles.kind('garden_trust')?.requires).toEqual({ identifier: 'urn', missing: 'Enter the trust’s URN' });
    expect(roles.kind('school')?.requires?.identifier).toBe('urn');
    expect(roles.allows('gardener', 'school')).toBe(true);
    expect(roles.allows('garden_visitor', 'school')).toBe(false);
    expect(roles.isRole('national_board')).toBe(false); // a platform role is no partnership role
    expect(roles.catalogue().roleName('national_board')).toBe('National Board member');
    expect(roles.catalogue().kindName('garden_trust')).toBe('Garden trust');
    expect(roles.catalogue().roleName('unknown_role')).toBe('unknown_role');
  });

  it('derives who signs in with TOTP from the registered roles, failing closed on a role it does not know', async () => {
    const roles = await boot(Gardens);
    expect(
      roles
        .roles()
        .filter((r) => r.opensNamedChild)
        .map((r) => r.code),
    ).toEqual(['la_officer', 'setting_staff', 'la_admin', 'data_protection_officer', 'gardener']);
    expect(
      ['la_officer', 'gardener', 'garden_visitor', 'partnership_lead', 'unregistered_role'].map((r) =>
        roles.needsTotp(r),
      ),
    ).toEqual([true, true, false, false, true]);
  });

  it('puts the booted app’s kinds and roles in force for what runs outside injection (DTO checks, labels, the OpenAPI enums)', async () => {
    await boot(Gardens);
    expect(rolesInForce().isKind('garden_trust')).toBe(true);
    await boot();
    expect(rolesInForce().isKind('garden_trust')).toBe(false);
    expect(rolesInForce().roleCodes()).toEqual([
      'partnership_lead',
      'la_officer',
      'setting_staff',
      'workforce_lead',
      'la_admin',
      'icb_member',
      'parent_carer_forum_member',
      'data_protection_officer',
    ]);
  });

  it('stops the app with one line naming every doubled code and every role of an unregistered kind', async () => {
    const failure = await boot(Gardens, Allotments).then(
      () => new Error('booted'),
      (e: Error) => e,
    );
    expect(failure).toBeInstanceOf(RoleRegistryError);
    expect(failure.message).toBe(
      'Roles are wrong: organisation kind "garden_trust" of allotments is already gardens\'s; role "la_officer" of allotments is already the core\'s; ' +
        'role "national_board" of allotments is already a platform role; role "plot_holder" of allotments names organisation kind "allotment_society", which nobody registers',
    );
    expect(failure.message).not.toContain('\n');
  });

  it('refuses a code the columns would refuse, and a role held nowhere', () => {
    expect(
      () =>
        new RoleCatalogue(
          [
            CORE_ROLE_CONTRIBUTION,
            {
              module: 'm',
              organisationKinds: [{ code: 'Bad-Kind', name: 'x' }],
              roles: [{ code: 'nowhere', name: 'x', organisationKinds: [], opensNamedChild: false }],
            },
          ],
          CORE_PLATFORM_ROLES,
        ),
    ).toThrow(
      'Roles are wrong: organisation kind "Bad-Kind" of m is not lower-case words joined by underscores (3 to 40 characters); role "nowhere" of m names no organisation kind',
    );
  });

  it('holds a kind that requires an Ofsted URN, and refuses an identifier it does not know or a rule with nothing to say', () => {
    const nursery = {
      code: 'nursery',
      name: 'Nursery',
      requires: { identifier: 'ofsted_urn' as const, missing: 'Enter the nursery’s Ofsted URN' },
    };
    const roles = new RoleCatalogue([CORE_ROLE_CONTRIBUTION, { module: 'm', organisationKinds: [nursery] }]);
    expect(roles.kind('nursery')?.requires).toEqual({
      identifier: 'ofsted_urn',
      missing: 'Enter the nursery’s Ofsted URN',
    });
    expect(ORGANISATION_IDENTIFIERS).toEqual(['urn', 'urn_or_ukprn', 'ofsted_urn']);
    expect(ORGANISATION_IDENTIFIERS.map(identifierField)).toEqual(['urn', 'urn', 'ofstedUrn']);
    expect(
      () =>
        new RoleCatalogue([
          CORE_ROLE_CONTRIBUTION,
          {
            module: 'm',
            organisationKinds: [
              { code: 'nursery', name: 'x', requires: { identifier: 'ofsted' as never, missing: 'Enter it' } },
              { code: 'creche', name: 'x', requires: { identifier: 'ofsted_urn', missing: ' ' } },
            ],
          },
        ]),
    ).toThrow(
      'Roles are wrong: organisation kind "nursery" of m requires the identifier "ofsted", which is not one of urn, urn_or_ukprn, ofsted_urn; ' +
        'organisation kind "creche" of m requires an identifier but says nothing when it is missing',
    );
  });
});
