import { Injectable, Logger } from '@nestjs/common';
import { DemoSeedStep, SeedsDemo } from '@rep-hub/tenancy';

/**
 * Evaluation's demo: in each demo partnership, reform statuses per LA, a test and learn record, submitted
 * figures, a sent return for last term and one in progress for this term. Idempotent.
 */
@Injectable()
@SeedsDemo()
export class EvaluationDemoSeeder implements DemoSeedStep {
  readonly module = 'evaluation';
  private readonly log = new Logger('EvaluationDemoSeeder');

  async seed(): Promise<number> {
    // filled in by the register, the figures and the returns as they land
    this.log.debug('nothing to seed yet');
    return 0;
  }
}
