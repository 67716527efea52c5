import { Module } from '@nestjs/common';
import { EvaluationModule } from '@rep-hub/evaluation-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { EvaluationWebContribution } from './evaluation-web';
import { ReformPagesController } from './reform-pages.controller';
import { TestPagesController } from './test-pages.controller';
import { EvaluationIndicatorsPagesController } from './indicators-pages.controller';
import { ReturnsPagesController } from './returns-pages.controller';

/** Evaluation's pages (/evaluation/…); each app that serves pages lists it. */
@Module({
  imports: [EvaluationModule, WebSurfaceModule],
  controllers: [
    ReformPagesController,
    TestPagesController,
    EvaluationIndicatorsPagesController,
    ReturnsPagesController,
  ],
  providers: [EvaluationWebContribution],
})
export class EvaluationWebModule {}
