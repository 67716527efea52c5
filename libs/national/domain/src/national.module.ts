import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { NationalAbilityRules } from './national-abilities';
import { ComparisonService } from './comparison.service';
import { ReleasesStore } from './releases.store';
import { ReturnsOverviewService } from './returns-overview.service';

const SERVICES = [ReleasesStore, ComparisonService, ReturnsOverviewService];

/** The National Board: comparing partnerships on published releases, board packs, decisions and actions. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, NationalAbilityRules],
  exports: [...SERVICES],
})
export class NationalModule {}
