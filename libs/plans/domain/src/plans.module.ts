import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { PlanActionsService } from './actions.service';
import { LocalPartnershipsService } from './local-partnerships.service';
import { PlansAbilityRules } from './plans-abilities';
import { PlansReminderNoticeHandler, PlansRemindersHandler } from './reminders.jobs';
import { PlansRetention } from './representatives-retention';

const SERVICES = [LocalPartnershipsService, PlanActionsService];

/** Local SEND and AP partnerships and their local inclusion plans. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, PlansAbilityRules, PlansRemindersHandler, PlansReminderNoticeHandler, PlansRetention],
  exports: [...SERVICES],
})
export class InclusionPlansModule {}
