import { Controller, Get, Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { Policy } from '../http/decorators';
import { Principal } from '../principal';
import { AbilityContribution, Can, defineAbilities, UnsupportedRuleError } from './abilities';
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
