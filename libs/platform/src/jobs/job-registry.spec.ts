import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { defineJob, jobDefinitions } from './job-definition';
import { HandlesJob, JobHandler } from './job-handler';
import { JobRegistry, JobRegistryError } from './job-registry';

// test-only job types: defined in this spec file only, so they never reach an app
const ALPHA = defineJob('test_registry.alpha', 'maintenance');
const BETA = defineJob('test_registry.beta', 'reports');

@Injectable()
@HandlesJob(ALPHA)
class AlphaHandler implements JobHandler {
  async handle(): Promise<void> {
    /* nothing */
  }
}

@Injectable()
@HandlesJob(BETA)
class BetaHandler implements JobHandler {
  async handle(): Promise<void> {
    /* nothing */
  }
}

@Injectable()
@HandlesJob(BETA)
class SecondBetaHandler implements JobHandler {
  async handle(): Promise<void> {
    /* nothing */
  }
}

@Injectable()
@HandlesJob({ name: 'test_registry.nowhere', queue: 'maintenance', attempts: 1 })
class StrayHandler implements JobHandler {
  async handle(): Promise<void> {
    /* nothing */
  }
}

/** A registry over a real Nest container holding these providers. */
async function registryOf(...providers: (new () => JobHandler)[]): Promise<JobRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [JobRegistry, ...providers],
  }).compile();
  return ref.get(JobRegistry);
}

/** The problems validate() reported, or [] when it passed. */
function problems(registry: JobRegistry): string[] {
  try {
    registry.validate();
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(JobRegistryError);
    return (error as Error).message.replace(/^Job handlers are wrong: /, '').split('; ');
  }
}

describe('JobRegistry (every job type has exactly one handler, checked at start)', () => {
  it('only these test job types are defined in this file', () => {
    expect(jobDefinitions().map((d) => d.name)).toEqual(['test_registry.alpha', 'test_registry.beta']);
  });

  it('passes with one handler per job type and finds each handler', async () => {
    const registry = await registryOf(AlphaHandler, BetaHandler);
    expect(problems(registry)).toEqual([]);
    expect(registry.handler(ALPHA.name)).toBeInstanceOf(AlphaHandler);
    expect(registry.handler(BETA.name)).toBeInstanceOf(BetaHandler);
    expect(registry.handler('test_registry.unknown')).toBeUndefined();
  });

  it('fails on a job type with no handler', async () => {
    expect(problems(await registryOf(AlphaHandler))).toEqual(['job "test_registry.beta" has no handler']);
  });

  it('fails on two handlers for one job type', async () => {
    expect(problems(await registryOf(AlphaHandler, BetaHandler, SecondBetaHandler))).toEqual([
      'job "test_registry.beta" has two handlers',
    ]);
  });

  it('fails on a handler of a job type nobody defined', async () => {
    expect(problems(await registryOf(AlphaHandler, BetaHandler, StrayHandler))).toEqual([
      'StrayHandler handles an undefined job "test_registry.nowhere"',
    ]);
  });

  it('fails on the same handler class provided by two modules (two instances)', async () => {
    @Module({ providers: [BetaHandler] })
    class One {}
    @Module({ providers: [BetaHandler] })
    class Two {}
    const ref = await Test.createTestingModule({
      imports: [DiscoveryModule, One, Two],
      providers: [JobRegistry, AlphaHandler],
    }).compile();
    expect(problems(ref.get(JobRegistry))).toEqual(['job "test_registry.beta" has two handlers']);
  });

  it('stops the application at start when a process that runs jobs validates it', async () => {
    @Injectable()
    class ValidatesAtStart {
      constructor(private readonly registry: JobRegistry) {}
      onApplicationBootstrap(): void {
        this.registry.validate();
      }
    }
    const ref = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [JobRegistry, AlphaHandler, ValidatesAtStart],
    }).compile();
    const app = ref.createNestApplication();
    await expect(app.init()).rejects.toThrow(JobRegistryError);
    await app.close();
  });

  it('reads handlers through the DiscoveryService (a fake one: providers without an instance are skipped)', () => {
    const wrappers = [
      { metatype: AlphaHandler, instance: new AlphaHandler() },
      { metatype: BetaHandler, instance: null }, // not instantiated (e.g. a request-scoped provider)
      { metatype: null, instance: {} }, // a value provider
    ];
    const registry = new JobRegistry({ getProviders: () => wrappers } as unknown as DiscoveryService);
    expect(problems(registry)).toEqual(['job "test_registry.beta" has no handler']);
    // handler() never throws: a process that only enqueues does not validate
    const lenient = new JobRegistry({ getProviders: () => wrappers } as unknown as DiscoveryService);
    expect(lenient.handler(ALPHA.name)).toBe(wrappers[0].instance);
  });
});
