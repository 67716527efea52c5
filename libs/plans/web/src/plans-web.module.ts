import { Module } from '@nestjs/common';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { PlansPagesController } from './plans-pages.controller';
import { PlansWebContribution } from './plans-web';

/** Local partnerships' and inclusion plans' pages (/plans/…, /local-partnerships/…, public /inclusion-plans/…); each app that serves pages lists it. */
@Module({
  imports: [InclusionPlansModule, WebSurfaceModule],
  controllers: [PlansPagesController],
  providers: [PlansWebContribution],
})
export class PlansWebModule {}
