import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { PlanLifecycleService } from './plan-lifecycle.service';
import { PlanPdfHandler } from './plan-pdf.jobs';
import { PlansAbilityRules } from './plans-abilities';
import { PlansDemoSeeder } from './plans-demo-seed';
import { PlansService } from './plans.service';

import { CommissionedPlacesSource } from './commissioned-places';
import { PlansIndicators } from './plans-indicators';
import { PublicPlansService } from './publication.service';
import { RegionalService } from './regional.service';
import { SufficiencyService } from './sufficiency.service';

// plans-publish: public reads, sufficiency, the regional view
const PUBLISH_SERVICES = [PublicPlansService, SufficiencyService, RegionalService, CommissionedPlacesSource];
const SERVICES = [PlansService, PlanLifecycleService, ...PUBLISH_SERVICES];

/** Local SEND and AP partnerships and their local inclusion plans. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, PlansAbilityRules, PlanPdfHandler, PlansDemoSeeder, PlansIndicators],
  exports: [...SERVICES],
})
export class InclusionPlansModule {}
