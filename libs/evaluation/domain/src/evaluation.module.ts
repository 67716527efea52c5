import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { EvaluationAbilityRules } from './evaluation-abilities';
import { EvaluationDemoSeeder } from './evaluation-demo-seed';
import { IndicatorLibraryService } from './indicator-library.service';
import { SubmittedValuesService } from './submitted-values.service';

const SERVICES = [IndicatorLibraryService, SubmittedValuesService];

/** Change Programme evaluation: the reform register, test and learn, the indicator library and evidence returns. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, EvaluationAbilityRules, EvaluationDemoSeeder],
  exports: [...SERVICES],
})
export class EvaluationModule {}
