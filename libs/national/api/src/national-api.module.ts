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

registerOpenApiTag(
  'national',
  'The National Board: published, disclosure-controlled releases compared across partnerships, board packs, and the board decisions and actions (partnership leads read those sent to their partnership)',
);

registerOpenApiTag(
  'open data',
  'The partnerships’ published releases for anyone, with no sign-in: every version, what a correction changed, and tidy CSV with metadata in the way Explore Education Statistics publishes; figures controlled for disclosure, GSS symbols in place of withheld values',
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
  ],
})
export class NationalApiModule {}
