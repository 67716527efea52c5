import { Module } from '@nestjs/common';
import { InclusionPlansModule } from '@rep-hub/plans-domain';
import { registerOpenApiTag } from '@rep-hub/platform';
import { PlanActionsController } from './actions.controller';
import { LocalPartnershipsController } from './local-partnerships.controller';

registerOpenApiTag(
  'inclusion plans',
  'Local SEND and AP partnerships (members, representatives, meetings, terms of reference) and local inclusion plans (versions, sections, sign-off, actions, sufficiency, publication)',
);

/** Local partnerships' and inclusion plans' routes of the JSON API (/api/v1/plans/…); each app that serves the API lists it. */
@Module({
  imports: [InclusionPlansModule],
  controllers: [LocalPartnershipsController, PlanActionsController],
})
export class PlansApiModule {}
