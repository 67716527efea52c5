import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { NationalAbilityRules } from './national-abilities';
import { ReleasesStore } from './releases.store';
import { DecisionsLogService } from './decisions.service';
import { BoardDecisionsReceivedService } from './board-decisions.service';
import { DecisionsDemoSeeder } from './decisions-demo-seed';

const SERVICES = [ReleasesStore, DecisionsLogService, BoardDecisionsReceivedService];

/** The National Board: comparing partnerships on published releases, board packs, decisions and actions. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, NationalAbilityRules, DecisionsDemoSeeder],
  exports: [...SERVICES],
})
export class NationalModule {}
