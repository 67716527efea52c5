import { Module } from '@nestjs/common';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { registerOpenApiTag } from '@rep-hub/platform';
import { PlansController } from './plans.controller';
import { PublicPlansApiController } from './public-plans.controller';
import { PlansSufficiencyController } from './sufficiency.controller';
import { PlanActionsController } from './actions.controller';
import { LocalPartnershipsController } from './local-partnerships.controller';

registerOpenApiTag(
  'inclusion plans',
  'Local SEND and AP partnerships (members, representatives, meetings, terms of reference) and local inclusion plans (versions, sections, sign-off, actions, sufficiency, publication)',
);

// plans-publish: the public reads, sufficiency and the regional view
const PUBLISH_CONTROLLERS = [PublicPlansApiController, PlansSufficiencyController];

/** Local partnerships' and inclusion plans' routes of the JSON API (/api/v1/plans/…); each app that serves the API lists it. */
@Module({
  imports: [InclusionPlansModule],
  // every literal path (regional, sufficiency, local partnerships, actions) before /plans/:planId
  controllers: [...PUBLISH_CONTROLLERS, LocalPartnershipsController, PlanActionsController, PlansController],
})
export class PlansApiModule {}
