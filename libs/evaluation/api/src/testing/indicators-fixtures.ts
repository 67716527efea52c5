import { Injectable, Module } from '@nestjs/common';
import { ApiWorld } from '@rep-hub/api-surface/testing';
import { AuthContext } from '@rep-hub/auth';
import {
  ContractsModule,
  IndicatorDefinition,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorValue,
  PublishesIndicators,
} from '@rep-hub/contracts';
import { EvaluationApiModule } from '../evaluation-api.module';

/**
 * A stand-in module publishing one computed indicator, so the library's suites see a computed
 * definition without another domain's module: each LA's value is the month of the period's start,
 * the partnership's their sum, so a test can tell the periods apart. It reads the LAs in the
 * caller's own unit of work, as a real publisher does.
 */
@Injectable()
@PublishesIndicators()
export class TestIndicators implements IndicatorPublisher {
  readonly module = 'testing';
  constructor(private readonly auth: AuthContext) {}

  definitions(): readonly IndicatorDefinition[] {
    return [
      {
        code: 'testing.months',
        name: 'Months (a test indicator)',
        unit: 'count',
        numerator: 'The month the period starts in',
        denominator: null,
        direction: 'neither',
        levels: ['la', 'partnership'],
        queryVersion: 3,
      },
    ];
  }

  async compute(period: IndicatorPeriod): Promise<IndicatorValue[]> {
    const las = (await this.auth.inTenant((m) =>
      m.query(`SELECT id FROM organisations WHERE kind = 'local_authority' ORDER BY id`),
    )) as { id: string }[];
    const month = Number(period.from.slice(5, 7));
    return [
      ...las.map((l) => ({ code: 'testing.months', laId: l.id, numerator: month, denominator: null, value: month })),
      {
        code: 'testing.months',
        laId: null,
        numerator: month * las.length,
        denominator: null,
        value: month * las.length,
      },
    ];
  }
}

@Module({ imports: [ContractsModule], providers: [TestIndicators] })
export class TestIndicatorsModule {}

/** The API with evaluation's routes and the test indicator, for the indicator library's suites. */
export const startIndicatorsApiWorld = () => ApiWorld.start({ modules: [EvaluationApiModule, TestIndicatorsModule] });
