import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { UnitOfWork } from '@rep-hub/platform';
import { DemoSeedStep, SeedsDemo } from '@rep-hub/tenancy';
import { seedDemoReturns } from './demo/returns-seed';

/**
 * Evaluation's demo: in each demo partnership, reform statuses per LA, a test and learn record, submitted
 * figures, a sent return for last term and one in progress for this term. Idempotent.
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
    // filled in by the register, the figures and the returns as they land
    let made = 0;
    made += await seedDemoReturns(this.uow, this.moduleRef); // last: the returns assemble the figures above
    this.log.debug({ made }, 'evaluation demo seeded');
    return made;
  }
}
