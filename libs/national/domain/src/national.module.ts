import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { NationalAbilityRules } from './national-abilities';
import { ComparisonService } from './comparison.service';
import { ReleasesStore } from './releases.store';
import { BoardMember } from './board-member';
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
import { ReturnsOverviewService } from './returns-overview.service';
import { OpenDataService } from './open-data.service';
import { OpenDataStore } from './open-data.store';
import { DashboardService } from './dashboard.service';
import { DashboardStore } from './dashboard.store';

const SERVICES = [
  BoardMember,
  ReleasesStore,
  ComparisonService,
  ReturnsOverviewService,
  ProgrammeStore,
  ExceptionsService,
  ProgrammeReformsService,
  BoardPacksStore,
  BoardPacksService,
  BoardPackSectionsReader,
  BoardPackBuilder,
  DecisionsLogService,
  BoardDecisionsReceivedService,
  OpenDataStore,
  OpenDataService,
  DashboardStore,
  DashboardService,
];

/** The National Board: comparing partnerships on published releases, board packs, decisions and actions. */
@Module({
  imports: [ContractsModule],
  providers: [...SERVICES, NationalAbilityRules, BuildBoardPackHandler, DecisionsDemoSeeder],
  exports: [...SERVICES],
})
export class NationalModule {}
