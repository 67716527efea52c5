import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  ContributesSubjectAccess,
  DataSubjectFinder,
  FindsDataSubjects,
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
  readonly kinds = ['pupil', 'person'] as const;
  readonly sections = [{ key: 'gardenVisits', title: 'Garden visits' }];
  collect = nothing;
}

@Injectable()
@ContributesSubjectAccess()
class Allotments implements SubjectAccessContributor {
  readonly module = 'allotments';
  readonly kinds = ['person'] as const;
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
  readonly kinds = ['grown-up'] as unknown as readonly ['person'];
  readonly sections = [];
  collect = nothing;
}

/** A module that keeps records about adults only. */
@Injectable()
@ContributesSubjectAccess()
class Volunteers implements SubjectAccessContributor {
  readonly module = 'volunteers';
  readonly kinds = ['person'] as const;
  readonly sections = [{ key: 'volunteering', title: 'Volunteering' }];
  collect = nothing;
}

@Injectable()
@FindsDataSubjects()
class VolunteerFinder implements DataSubjectFinder {
  readonly module: string = 'volunteers';
  readonly kind = 'person' as const;
  find = async () => [];
  subject = async () => null;
}

@Injectable()
@FindsDataSubjects()
class SecondVolunteerFinder extends VolunteerFinder {}

@Injectable()
@FindsDataSubjects()
class PupilFinder extends VolunteerFinder {
  override readonly module = 'schools';
  override readonly kind = 'pupil' as unknown as 'person';
}

async function boot(
  ...providers: (new () => SubjectAccessContributor | DataSubjectFinder)[]
): Promise<SubjectAccessRegistry> {
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

  it('gives the sections of a kind of data subject from the contributors of that kind only, and finds the finders', async () => {
    const registry = await boot(Gardens, Volunteers, VolunteerFinder);
    expect(registry.sections('pupil').map((s) => s.key)).toEqual(['gardenVisits']);
    expect(registry.sections('person').map((s) => s.key)).toEqual(['gardenVisits', 'volunteering']);
    expect(registry.finders().map((f) => `${f.module} ${f.kind}`)).toEqual(['volunteers person']);
  });

  it('stops the app on a module with two finders of a kind, or a finder of a kind not found through finders', async () => {
    const failure = await boot(VolunteerFinder, SecondVolunteerFinder, PupilFinder).then(
      () => new Error('booted'),
      (e: Error) => e,
    );
    expect(failure.message).toBe(
      'Subject access is wrong: volunteers has two finders of person data subjects; the data subject finder of schools finds "pupil": only adults (person) are found through finders',
    );
  });

  it('stops the app with one line on a section claimed twice or written by the core, a bad key, a module with two contributors or one with no section', async () => {
    const failure = await boot(Gardens, Allotments, SecondAllotments).then(
      () => new Error('booted'),
      (e: Error) => e,
    );
    expect(failure).toBeInstanceOf(SubjectAccessRegistryError);
    expect(failure.message).toBe(
      'Subject access is wrong: section "gardenVisits" of allotments is already gardens\'s; section "auditTrail" of allotments is already the core\'s; ' +
        'section "plot_rows" of allotments is not a camelCase key; allotments has two subject access contributors; the subject access contributor of allotments declares no section; ' +
        'the subject access contributor of allotments names "grown-up", not a kind of data subject',
    );
  });
});
