import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { NationalAbilityRules } from './national-abilities';
import { ReleasesStore } from './releases.store';
import { ProgrammeStore } from './programme.store';
import { ExceptionsService } from './exceptions.service';
import { ProgrammeReformsService } from './reforms.service';

const SERVICES = [ReleasesStore, ProgrammeStore, ExceptionsService, ProgrammeReformsService];

/** The National Board: comparing partnerships on published releases, board packs, decisions and actions. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, NationalAbilityRules],
  exports: [...SERVICES],
})
export class NationalModule {}
