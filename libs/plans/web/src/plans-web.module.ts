import { Module } from '@nestjs/common';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { PlanActionsPagesController } from './actions.controller';
import { LocalPartnershipsPagesController } from './local-partnerships.controller';
import { PlansWebContribution } from './plans-web';

/** Local partnerships' and inclusion plans' pages (/plans/…, /local-partnerships/…, public /inclusion-plans/…); each app that serves pages lists it. */
@Module({
  imports: [InclusionPlansModule, WebSurfaceModule],
  controllers: [LocalPartnershipsPagesController, PlanActionsPagesController],
  providers: [PlansWebContribution],
})
export class PlansWebModule {}
