import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { PlansAbilityRules } from './plans-abilities';
import { CommissionedPlacesSource } from './commissioned-places';
import { PlansIndicators } from './plans-indicators';
import { PublicPlansService } from './publication.service';
import { RegionalService } from './regional.service';
import { SufficiencyService } from './sufficiency.service';

// plans-publish: public reads, sufficiency, the regional view
const PUBLISH_SERVICES = [PublicPlansService, SufficiencyService, RegionalService, CommissionedPlacesSource];
const SERVICES = [...PUBLISH_SERVICES];

/** Local SEND and AP partnerships and their local inclusion plans. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, PlansAbilityRules, PlansIndicators],
  exports: [...SERVICES],
})
export class InclusionPlansModule {}
