import { Module } from '@nestjs/common';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { WorkforceModule } from '@rep-hub/workforce-domain';
import { CohortPagesController } from './cohort-pages.controller';
import { UploadPagesController } from './upload-pages.controller';
import { CoveragePagesController } from './coverage-pages.controller';
import { WorkforcePagesController } from './workforce-pages.controller';
import { WorkforceWebContribution } from './workforce-web';

/** Workforce training's pages (/workforce/…); each app that serves pages lists it. */
@Module({
  imports: [WorkforceModule, WebSurfaceModule],
  controllers: [WorkforcePagesController, CohortPagesController, UploadPagesController, CoveragePagesController],
  providers: [WorkforceWebContribution],
})
export class WorkforceWebModule {}
