import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { EvaluationAbilityRules } from './evaluation-abilities';
import { EvaluationDemoSeeder } from './evaluation-demo-seed';
import { ReformRegisterService } from './reforms.service';
import { TestAndLearnService } from './tests.service';

const SERVICES = [ReformRegisterService, TestAndLearnService];

/** Change Programme evaluation: the reform register, test and learn, the indicator library and evidence returns. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, EvaluationAbilityRules, EvaluationDemoSeeder],
  exports: [...SERVICES],
})
export class EvaluationModule {}
