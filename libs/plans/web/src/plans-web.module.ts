import { Module } from '@nestjs/common';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { PlansPagesController } from './plans-pages.controller';
import { PlanActionsPagesController } from './actions.controller';
import { LocalPartnershipMeetingPagesController } from './local-partnership-meetings.controller';
import { LocalPartnershipsPagesController } from './local-partnerships.controller';
import { PlansWebContribution } from './plans-web';
import { PublicPlansPagesController } from './public-plans.controller';
import { RegionalPagesController } from './regional-pages.controller';
import { SufficiencyPagesController } from './sufficiency-pages.controller';

// plans-publish: the public pages and the lead's regional view
const PUBLISH_CONTROLLERS = [RegionalPagesController, SufficiencyPagesController, PublicPlansPagesController];

/** Local partnerships' and inclusion plans' pages (/plans/…, /local-partnerships/…, public /inclusion-plans/…); each app that serves pages lists it. */
@Module({
  imports: [InclusionPlansModule, WebSurfaceModule],
  // /plans/regional and /plans/actions/… before /plans/:planId
  controllers: [
    ...PUBLISH_CONTROLLERS,
    LocalPartnershipsPagesController,
    LocalPartnershipMeetingPagesController,
    PlanActionsPagesController,
    PlansPagesController,
  ],
  providers: [PlansWebContribution],
})
export class PlansWebModule {}
