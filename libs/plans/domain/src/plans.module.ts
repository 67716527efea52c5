import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { PlanActionsService } from './actions.service';
import { LocalPartnershipsService } from './local-partnerships.service';
import { LocalPartnershipsStore } from './local-partnerships.store';
import { LocalPartnershipMeetingsService } from './meetings.service';
import { LocalPartnershipMembersService } from './members.service';
import { PlansAbilityRules } from './plans-abilities';
import { PlansReminderNoticeHandler, PlansRemindersHandler } from './reminders.jobs';
import { PlansRetention } from './representatives-retention';

import { PlanLifecycleService } from './plan-lifecycle.service';
import { PlanPdfHandler } from './plan-pdf.jobs';
import { PlansDemoSeeder } from './plans-demo-seed';
import { PlansService } from './plans.service';

import { CommissionedPlacesSource } from './commissioned-places';
import { PlansIndicators } from './plans-indicators';
import { PublicPlansService } from './publication.service';
import { RegionalService } from './regional.service';
import { SufficiencyService } from './sufficiency.service';

// plans-publish: public reads, sufficiency, the regional view
const PUBLISH_SERVICES = [PublicPlansService, SufficiencyService, RegionalService, CommissionedPlacesSource];
const SERVICES = [
  PlansService,
  PlanLifecycleService,
  LocalPartnershipsService,
  LocalPartnershipMembersService,
  LocalPartnershipMeetingsService,
  PlanActionsService,
  ...PUBLISH_SERVICES,
];

/** Local SEND and AP partnerships and their local inclusion plans. */
@Module({
  imports: [ContractsModule],
  providers: [
    ...SERVICES,
    LocalPartnershipsStore,
    PlansAbilityRules,
    PlanPdfHandler,
    PlansDemoSeeder,
    PlansIndicators,
    PlansRemindersHandler,
    PlansReminderNoticeHandler,
    PlansRetention,
  ],
  exports: [...SERVICES],
})
export class InclusionPlansModule {}
