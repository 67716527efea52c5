import { Injectable } from '@nestjs/common';
import { DescribesIndicators, IndicatorDefinition, IndicatorDescriber } from '@rep-hub/contracts';
import { SUBMITTED_INDICATORS } from './reference';

/**
 * The submitted indicators' meanings (figures each LA enters or uploads, which REP Hub does not
 * compute) for any reader of published figures: what each counts, which way is better and where
 * an LA finds it. The definitions stay in reference.ts; this only says them through the contract.
 */
@Injectable()
@DescribesIndicators()
export class SubmittedIndicatorsDescriber implements IndicatorDescriber {
  readonly module = 'evaluation';

  definitions(): readonly IndicatorDefinition[] {
    return SUBMITTED_INDICATORS.map((d) => ({
      code: d.code,
      name: d.name,
      unit: d.unit,
      numerator: d.numerator,
      denominator: d.denominator,
      direction: d.direction,
      levels: d.levels,
      source: d.source,
    }));
  }
}
