import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  ContributesSubjectAccess,
  SubjectAccessContributor,
  SubjectAccessPart,
  SubjectAccessRegistry,
  SubjectAccessRegistryError,
} from './subject-access';

const nothing = async (): Promise<SubjectAccessPart> => ({ sections: {}, recordIds: [] });

@Injectable()
@ContributesSubjectAccess()
class Gardens implements SubjectAccessContributor {
  readonly module = 'gardens';
  readonly sections = [{ key: 'gardenVisits', title: 'Garden visits' }];
  collect = nothing;
}

@Injectable()
@ContributesSubjectAccess()
class Allotments implements SubjectAccessContributor {
  readonly module = 'allotments';
  readonly sections = [
    { key: 'gardenVisits', title: 'Visits' },
    { key: 'auditTrail', title: 'Our trail' },
    { key: 'plot_rows', title: 'Plots' },
  ];
  collect = nothing;
}

@Injectable()
@ContributesSubjectAccess()
class SecondAllotments implements SubjectAccessContributor {
  readonly module = 'allotments';
  readonly sections = [];
  collect = nothing;
}

async function boot(...providers: (new () => SubjectAccessContributor)[]): Promise<SubjectAccessRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [SubjectAccessRegistry, ...providers],
  }).compile();
  await ref.init();
  return ref.get(SubjectAccessRegistry);
}

describe('the subject access registry', () => {
  it('finds each module’s sections when the app starts, in order', async () => {
    expect((await boot(Gardens)).sections()).toEqual([
      { module: 'gardens', key: 'gardenVisits', title: 'Garden visits' },
    ]);
  });

  it('stops the app with one line on a section claimed twice or written by the core, a bad key, a module with two contributors or one with no section', async () => {
    const failure = await boot(Gardens, Allotments, SecondAllotments).then(
      () => new Error('booted'),
      (e: Error) => e,
    );
    expect(failure).toBeInstanceOf(SubjectAccessRegistryError);
    expect(failure.message).toBe(
      'Subject access is wrong: section "gardenVisits" of allotments is already gardens\'s; section "auditTrail" of allotments is already the core\'s; ' +
        'section "plot_rows" of allotments is not a camelCase key; allotments has two subject access contributors; the subject access contributor of allotments declares no section',
    );
  });
});
