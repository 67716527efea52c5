import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { EvaluationAbilityRules } from './evaluation-abilities';
import { EvaluationDemoSeeder } from './evaluation-demo-seed';
import { AssembleReturnHandler, ReturnAssemblyService } from './return-assembly.service';
import { ReturnSignOffService } from './return-signoff.service';
import { ReturnsService } from './returns.service';

const SERVICES = [ReturnsService, ReturnSignOffService, ReturnAssemblyService];

/** Change Programme evaluation: the reform register, test and learn, the indicator library and evidence returns. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, EvaluationAbilityRules, EvaluationDemoSeeder, AssembleReturnHandler],
  exports: [...SERVICES],
})
export class EvaluationModule {}
