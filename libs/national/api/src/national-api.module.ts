import { Module } from '@nestjs/common';
import { NationalModule } from '@rep-hub/national-domain';
import { registerOpenApiTag } from '@rep-hub/platform';
import { ProgrammeController } from './programme.controller';
import { BoardPacksController } from './board-packs.controller';
import { BoardDecisionsController } from './board-decisions.controller';
import { DecisionsController } from './decisions.controller';
import { NationalCompareController } from './compare.controller';
import { NationalReturnsOverviewController } from './returns-overview.controller';
import { OpenDataApiController } from './open-data.controller';
import { DashboardApiController } from './dashboard.controller';

registerOpenApiTag(
  'national',
  'The National Board: published, disclosure-controlled releases compared across partnerships, board packs, and the board decisions and actions (partnership leads read those sent to their partnership)',
);

registerOpenApiTag(
  'open data',
  'The partnerships’ published, disclosure-controlled figures for anyone, with no sign-in: the public inclusion dashboard’s indicators and the open-data releases',
);

/** The National Board's routes of the JSON API (/api/v1/national/…); each app that serves the API lists it. */
@Module({
  imports: [NationalModule],
  controllers: [
    NationalCompareController,
    NationalReturnsOverviewController,
    ProgrammeController,
    BoardPacksController,
    DecisionsController,
    BoardDecisionsController,
    OpenDataApiController,
    DashboardApiController,
  ],
})
export class NationalApiModule {}
