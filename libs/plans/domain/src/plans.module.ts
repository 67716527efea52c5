import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { PlanLifecycleService } from './plan-lifecycle.service';
import { PlanPdfHandler } from './plan-pdf.jobs';
import { PlansAbilityRules } from './plans-abilities';
import { PlansDemoSeeder } from './plans-demo-seed';
import { PlansService } from './plans.service';

const SERVICES = [PlansService, PlanLifecycleService];

/** Local SEND and AP partnerships and their local inclusion plans. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, PlansAbilityRules, PlanPdfHandler, PlansDemoSeeder],
  exports: [...SERVICES],
})
export class InclusionPlansModule {}
