import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { EvaluationAbilityRules } from './evaluation-abilities';
import { EvaluationDemoSeeder } from './evaluation-demo-seed';
import { AssembleReturnHandler, ReturnAssemblyService } from './return-assembly.service';
import { ReturnSignOffService } from './return-signoff.service';
import { ReturnsService } from './returns.service';
import { IndicatorLibraryService } from './indicator-library.service';
import { SubmittedValuesService } from './submitted-values.service';
import { NationalPublicationStore } from './national-publication.store';
import { NationalPublisher } from './national-publisher';
import { RETURN_PUBLISHER } from './return-publisher';
import { ReformRegisterService } from './reforms.service';
import { TestAndLearnService } from './tests.service';
import { SubmittedIndicatorsDescriber } from './submitted-indicators.describer';

/** Publication of sent returns to the national level (the returns' seam: RETURN_PUBLISHER). */
const NATIONAL = [
  NationalPublicationStore,
  NationalPublisher,
  { provide: RETURN_PUBLISHER, useExisting: NationalPublisher },
];

const SERVICES = [
  ReformRegisterService,
  TestAndLearnService,
  IndicatorLibraryService,
  SubmittedValuesService,
  ReturnsService,
  ReturnSignOffService,
  ReturnAssemblyService,
];

/** Change Programme evaluation: the reform register, test and learn, the indicator library and evidence returns. */
@Module({
  imports: [ContractsModule],
  providers: [
    ...SERVICES,
    ...NATIONAL,
    SubmittedIndicatorsDescriber,
    EvaluationAbilityRules,
    EvaluationDemoSeeder,
    AssembleReturnHandler,
  ],
  exports: [...SERVICES, NationalPublisher, RETURN_PUBLISHER],
})
export class EvaluationModule {}
