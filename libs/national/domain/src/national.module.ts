import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { NationalAbilityRules } from './national-abilities';
import { ReleasesStore } from './releases.store';
import { ProgrammeStore } from './programme.store';
import { ExceptionsService } from './exceptions.service';
import { ProgrammeReformsService } from './reforms.service';

import { BoardPackBuilder, BuildBoardPackHandler } from './board-pack.job';
import { BoardPackSectionsReader } from './board-pack-sections';
import { BoardPacksService } from './board-packs.service';
import { BoardPacksStore } from './board-packs.store';

import { DecisionsLogService } from './decisions.service';
import { BoardDecisionsReceivedService } from './board-decisions.service';
import { DecisionsDemoSeeder } from './decisions-demo-seed';

const SERVICES = [
  ReleasesStore,
  ProgrammeStore,
  ExceptionsService,
  ProgrammeReformsService,
  BoardPacksStore,
  BoardPacksService,
  BoardPackSectionsReader,
  BoardPackBuilder,
  DecisionsLogService,
  BoardDecisionsReceivedService,
];

/** The National Board: comparing partnerships on published releases, board packs, decisions and actions. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, NationalAbilityRules, BuildBoardPackHandler, DecisionsDemoSeeder],
  exports: [...SERVICES],
})
export class NationalModule {}
