import { Controller, Get, Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Policy } from '../http/decorators';
import { Principal } from '../principal';
import { abilitiesFor, AbilityContribution, Can, defineAbilities, UnsupportedRuleError } from './abilities';
import { sqlScope } from './sql-scope';
import { AbilityRegistry, AbilityRegistryError, AbilityRules } from './ability-registry';

@Injectable()
@AbilityRules()
class GardenRules implements AbilityContribution {
  readonly module = 'gardens';
  readonly subjects = ['Garden'];
  define(p: Principal, can: Can, tenantId: string): void {
    if (p.memberships.some((m) => m.role === 'la_officer')) can('read', 'Garden', { tenantId });
  }
}

@Injectable()
@AbilityRules()
class SecondGardenRules implements AbilityContribution {
  readonly module = 'allotments';
  readonly subjects = ['Garden', 'Organisation'];
  define(): void {
    /* nothing */
  }
}

@Injectable()
@AbilityRules()
class TrespassingRules implements AbilityContribution {
  readonly module = 'trespass';
  readonly subjects = ['Shed'];
  define(_p: Principal, can: Can, tenantId: string): void {
    can('read', 'Garden', { tenantId });
  }
}

@Controller('gardens')
class GardensController {
  @Policy('read', 'Garden')
  @Get()
  list() {
    return [];
  }

  @Policy('read', 'Pond')
  @Get('ponds')
  ponds() {
    return [];
  }
}

async function registryOf(
  providers: (new () => AbilityContribution)[],
  controllers: (new () => unknown)[] = [],
): Promise<AbilityRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [AbilityRegistry, ...providers],
    controllers,
  }).compile();
  return ref.get(AbilityRegistry);
}

function problems(registry: AbilityRegistry): string[] {
  try {
    registry.validate();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(AbilityRegistryError);
    return (error as Error).message.replace(/^Ability rules are wrong: /, '').split('; ');
  }
}

const officer: Principal = {
  userId: 'u',
  sessionId: 's',
  tenantId: 't1',
  platformRole: null,
  memberships: [
    { id: 'm', role: 'la_officer', organisationId: 'o', organisationKind: 'local_authority', localAuthorityId: 'o' },
  ],
  laIds: ['o'],
  extensions: {},
};

describe('AbilityRegistry', () => {
  it('collects the rules the modules provide, and the abilities use them', async () => {
    const registry = await registryOf([GardenRules]);
    expect(problems(registry)).toEqual([]);
    expect([...registry.subjects()]).toEqual(expect.arrayContaining(['Tenant', 'Garden']));
    const ability = defineAbilities(officer, registry.contributions());
    expect(ability.can('read', 'Garden')).toBe(true);
    expect(defineAbilities(officer).can('read', 'Garden')).toBe(false);
  });

  it('stops on a subject claimed twice, by another module or by the core', async () => {
    expect(problems(await registryOf([GardenRules, SecondGardenRules]))).toEqual([
      'subject "Garden" of allotments is already gardens\'s',
      'subject "Organisation" of allotments is already the core\'s',
    ]);
  });

  it('stops on a route whose policy names a subject no module registers', async () => {
    expect(problems(await registryOf([GardenRules], [GardensController]))).toEqual([
      'GardensController.ponds needs "Pond", a subject no module registers',
    ]);
  });

  it('refuses a module’s rule on a subject that is not its own', async () => {
    const registry = await registryOf([GardenRules, TrespassingRules]);
    expect(() => defineAbilities(officer, registry.contributions())).toThrow(UnsupportedRuleError);
  });
});

describe('abilitiesFor: the abilities of a principal, built once per exact content', () => {
  it('serves the same abilities to the same principal content, and new ones when a role or LA changes', async () => {
    const contributions = (await registryOf([GardenRules])).contributions();
    const first = abilitiesFor(officer, contributions);
    // a principal resolved afresh by the next request, with the same content
    expect(abilitiesFor(structuredClone(officer), contributions)).toBe(first);
    expect(first.can('read', 'Garden')).toBe(true);

    const demoted: Principal = { ...officer, memberships: [{ ...officer.memberships[0], role: 'school_staff' }] };
    const after = abilitiesFor(demoted, contributions);
    expect(after).not.toBe(first);
    expect(after.can('read', 'Garden')).toBe(false);

    const otherSession = abilitiesFor({ ...officer, sessionId: 's2' }, contributions);
    expect(otherSession).not.toBe(first);
    // each kept abilities' SQL scope is its own
    expect(sqlScope(first, 'read', 'Garden', 'g', { tenantId: 'tenant_id' }).sql).toBe('g.tenant_id = :scope_0');
    expect(sqlScope(after, 'read', 'Garden', 'g', { tenantId: 'tenant_id' }).sql).toBe('FALSE');
  });
});
