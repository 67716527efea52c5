import { Module } from '@nestjs/common';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { WorkforceModule } from '@rep-hub/workforce-domain';
import { WorkforceWebContribution } from './workforce-web';

/** Workforce training's pages (/workforce/…); each app that serves pages lists it. */
@Module({
  imports: [WorkforceModule, WebSurfaceModule],
  controllers: [],
  providers: [WorkforceWebContribution],
})
export class WorkforceWebModule {}
