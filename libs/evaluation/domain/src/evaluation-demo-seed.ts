import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { DemoSeedStep, SeedsDemo } from '@rep-hub/tenancy';
import { seedReforms } from './demo/reforms-seed';
import { seedSubmittedFigures } from './demo/figures-seed';
import { seedDemoReturns } from './demo/returns-seed';
import { seedDemoCorrection } from './demo/correction-seed';

/**
 * Evaluation's demo: in each demo partnership, reform statuses per LA, a test and learn record, submitted
 * figures, sent (and published) returns for the last three terms (the first partnership's oldest corrected once)
 * and one in progress for this term. Idempotent.
 */
@Injectable()
@SeedsDemo()
export class EvaluationDemoSeeder implements DemoSeedStep {
  readonly module = 'evaluation';
  private readonly log = new Logger('EvaluationDemoSeeder');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly moduleRef: ModuleRef,
  ) {}

  async seed(): Promise<number> {
    const tenants = (await this.uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE slug LIKE 'demo-%' ORDER BY slug`),
    )) as { id: string }[];
    const today = schoolToday();
    let added = 0;
    for (const t of tenants) {
      // the reform register and a test and learn record, then the LAs' submitted figures
      added += await this.uow.forTenant({ tenantId: t.id }, (m) => seedReforms(m, t.id, today));
      added += await this.uow.forTenant({ tenantId: t.id }, (m) => seedSubmittedFigures(m, t.id, today));
    }
    // last: the returns assemble the figures above
    added += await seedDemoReturns(this.uow, this.moduleRef);
    // then one of them corrected, so that "what changed" shows in open data and to the board
    added += await seedDemoCorrection(this.uow, this.moduleRef);
    this.log.debug(`added ${added} evaluation records`);
    return added;
  }
}
