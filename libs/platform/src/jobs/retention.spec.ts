import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { UnitOfWork } from '../database/unit-of-work';
import { jobSchedules } from './job-definition';
import {
  ContributesRetention,
  RETENTION_JOB,
  RetentionContributor,
  RetentionCount,
  RetentionRegistry,
  RetentionRegistryError,
} from './retention';

@Injectable()
@ContributesRetention()
class Gardens implements RetentionContributor {
  readonly module = 'gardens';
  async purgeTenant(): Promise<RetentionCount[]> {
    return [];
  }
}

@Injectable()
@ContributesRetention()
class MoreGardens implements RetentionContributor {
  readonly module = 'gardens';
  async purgePlatform(): Promise<RetentionCount[]> {
    return [];
  }
}

@Injectable()
@ContributesRetention()
class Idle implements RetentionContributor {
  readonly module = 'idle';
}

async function boot(...providers: (new () => RetentionContributor)[]): Promise<RetentionRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [RetentionRegistry, { provide: UnitOfWork, useValue: {} }, ...providers],
  }).compile();
  await ref.init();
  return ref.get(RetentionRegistry);
}

describe('the retention registry', () => {
  it('finds each module’s contributor when the app starts, for the one nightly job', async () => {
    expect((await boot(Gardens)).contributors().map((c) => c.module)).toEqual(['gardens']);
    expect(jobSchedules().filter((s) => s.job === RETENTION_JOB)).toEqual([
      expect.objectContaining({ id: 'retention-nightly', pattern: '0 3 * * *' }),
    ]);
  });

  it('stops the app with one line on a module with two contributors, or one that purges nothing', async () => {
    const failure = await boot(Gardens, MoreGardens, Idle).then(
      () => new Error('booted'),
      (e: Error) => e,
    );
    expect(failure).toBeInstanceOf(RetentionRegistryError);
    expect(failure.message).toBe(
      'Retention is wrong: gardens has two retention contributors; the retention contributor of idle purges nothing (no purgePlatform or purgeTenant)',
    );
  });
});
