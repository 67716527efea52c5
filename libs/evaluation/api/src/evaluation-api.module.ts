import { Module } from '@nestjs/common';
import { EvaluationModule } from '@rep-hub/evaluation-domain';
import { registerOpenApiTag } from '@rep-hub/platform';
import { ReformRegisterController } from './reforms.controller';
import { TestAndLearnController } from './tests.controller';
import { EvaluationIndicatorsController } from './indicators.controller';
import { EvaluationSubmittedValuesController } from './submitted-values.controller';
import { ReturnsController } from './returns.controller';

registerOpenApiTag(
  'evaluation',
  'Change Programme evaluation in each partnership: the reforms under test per LA, test and learn records, the indicator library with submitted figures, and evidence returns with their sign-off and snapshots',
);

/** Evaluation's routes of the JSON API (/api/v1/evaluation/…); each app that serves the API lists it. */
@Module({
  imports: [EvaluationModule],
  controllers: [
    ReformRegisterController,
    TestAndLearnController,
    EvaluationIndicatorsController,
    EvaluationSubmittedValuesController,
    ReturnsController,
  ],
})
export class EvaluationApiModule {}
