import { Injectable } from '@nestjs/common';
import {
  IndicatorDefinition,
  IndicatorPeriod,
  IndicatorPublisher,
  IndicatorValue,
  PublishesIndicators,
} from '@rep-hub/contracts';
import { COVERAGE_MEASURES } from './coverage.model';
import { CoverageService } from './coverage.service';

/**
 * Workforce training's coverage as indicators (libs/contracts), for evaluation's indicator library
 * and the partnership's returns: each LA the caller may read and, when they read every LA, the
 * partnership. Counts and rates only. A caller without coverage (a training provider) gets none,
 * rather than an error that would stop the other modules' figures.
 */
@Injectable()
@PublishesIndicators()
export class WorkforceCoverageIndicators implements IndicatorPublisher {
  readonly module = 'workforce';

  constructor(private readonly coverage: CoverageService) {}

  definitions(): readonly IndicatorDefinition[] {
    return COVERAGE_MEASURES.map((x) => x.def);
  }

  async compute(period: IndicatorPeriod): Promise<IndicatorValue[]> {
    if (!this.coverage.mayRead()) return [];
    const r = await this.coverage.coverage({ from: period.from, to: period.to }, { audit: false });
    return COVERAGE_MEASURES.flatMap(({ def, of }) => [
      ...r.las.map((la) => ({ code: def.code, laId: la.laId, ...of(la) })),
      ...(r.scope === 'partnership' ? [{ code: def.code, laId: null, ...of(r.partnership) }] : []),
    ]);
  }
}
