import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { NationalAbilityRules } from './national-abilities';
import { ReleasesStore } from './releases.store';

const SERVICES = [ReleasesStore];

/** The National Board: comparing partnerships on published releases, board packs, decisions and actions. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, NationalAbilityRules],
  exports: [...SERVICES],
})
export class NationalModule {}
