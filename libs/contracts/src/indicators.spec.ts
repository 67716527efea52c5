import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import {
  DescribesIndicators,
  IndicatorDefinition,
  IndicatorDescriber,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorRegistry,
  IndicatorRegistryError,
  IndicatorValue,
  PublishesIndicators,
} from './indicators';

const def = (code: string, extra: Partial<IndicatorDefinition> = {}): IndicatorDefinition => ({
  code,
  name: code,
  unit: 'count',
  numerator: 'Things',
  denominator: null,
  direction: 'neither',
  levels: ['la', 'partnership'],
  ...extra,
});

@Injectable()
@PublishesIndicators()
class Gardens implements IndicatorPublisher {
  readonly module = 'gardens';
  definitions() {
    return [def('gardens.count'), def('gardens.in_bloom_rate', { unit: 'percentage', denominator: 'Gardens' })];
  }
  async compute(period: IndicatorPeriod): Promise<IndicatorValue[]> {
    const n = period.from === '2026-09-01' ? 3 : 0;
    return [
      { code: 'gardens.count', laId: null, numerator: n, denominator: null, value: n },
      { code: 'gardens.in_bloom_rate', laId: null, numerator: 1, denominator: n, value: n ? 33.3 : null },
    ];
  }
}

@Injectable()
@PublishesIndicators()
class Badly implements IndicatorPublisher {
  readonly module = 'badly';
  definitions() {
    return [def('gardens.count'), def('NoDots'), def('badly.share', { unit: 'percentage' })];
  }
  async compute(): Promise<IndicatorValue[]> {
    return [];
  }
}

@Injectable()
@DescribesIndicators()
class Surveys implements IndicatorDescriber {
  readonly module = 'surveys';
  definitions() {
    return [def('surveys.visits', { source: 'Each LA’s own visitor book' })];
  }
}

@Injectable()
@DescribesIndicators()
class SurveysAgain implements IndicatorDescriber {
  readonly module = 'again';
  definitions() {
    return [def('gardens.count')];
  }
}

async function registryOf(
  ...providers: (new () => IndicatorPublisher | IndicatorDescriber)[]
): Promise<IndicatorRegistry> {
  const ref = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [IndicatorRegistry, ...providers],
  }).compile();
  return ref.get(IndicatorRegistry);
}

describe('IndicatorRegistry', () => {
  it('lists the definitions every module publishes and computes their values for a period', async () => {
    const registry = await registryOf(Gardens);
    expect(() => registry.validate()).not.toThrow();
    expect(registry.definitions().map((d) => d.code)).toEqual(['gardens.count', 'gardens.in_bloom_rate']);
    const values = await registry.compute({ from: '2026-09-01', to: '2027-08-31' });
    expect(values.find((v) => v.code === 'gardens.count')!.value).toBe(3);
    expect(await registry.compute({ from: '2026-09-01', to: '2027-08-31' }, ['gardens.in_bloom_rate'])).toEqual([
      { code: 'gardens.in_bloom_rate', laId: null, numerator: 1, denominator: 3, value: 33.3 },
    ]);
  });

  it('stops on a code published twice, a code not named "module.name", or a percentage with no denominator', async () => {
    const registry = await registryOf(Gardens, Badly);
    expect(() => registry.validate()).toThrow(IndicatorRegistryError);
    expect(() => registry.validate()).toThrow(
      'Indicators are wrong: indicator "gardens.count" is published by gardens and badly; indicator "NoDots" of badly is not named "module.name"; indicator "badly.share" is a percentage with no denominator',
    );
  });

  it('describes computed and described indicators, and stops on a described code another module publishes', async () => {
    const registry = await registryOf(Gardens, Surveys);
    expect(() => registry.validate()).not.toThrow();
    expect(registry.described().map((d) => [d.module, d.computed, d.definition.code, d.definition.source])).toEqual([
      ['gardens', true, 'gardens.count', undefined],
      ['gardens', true, 'gardens.in_bloom_rate', undefined],
      ['surveys', false, 'surveys.visits', 'Each LA’s own visitor book'],
    ]);
    // only computed indicators are computed
    expect(registry.definitions().map((d) => d.code)).not.toContain('surveys.visits');
    const clash = await registryOf(Gardens, SurveysAgain);
    expect(() => clash.validate()).toThrow('indicator "gardens.count" is published by gardens and again');
  });
});
