import { Module } from '@nestjs/common';
import { NationalModule } from '@rep-hub/national-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { BoardPacksPagesController } from './board-packs-pages.controller';
import { NationalComparePagesController } from './compare-pages.controller';
import { NationalWebContribution } from './national-web';
import { ProgrammePagesController } from './programme-pages.controller';
import { BoardDecisionsPagesController } from './board-decisions-pages.controller';
import { DecisionsPagesController } from './decisions-pages.controller';
import { OpenDataPagesController } from './open-data-pages.controller';
import { DashboardPagesController } from './dashboard-pages.controller';

/** The National Board's pages (/national/…) and the lead's board decisions; each app that serves pages lists it. */
@Module({
  imports: [NationalModule, WebSurfaceModule],
  controllers: [
    NationalComparePagesController,
    ProgrammePagesController,
    BoardPacksPagesController,
    DecisionsPagesController,
    BoardDecisionsPagesController,
    OpenDataPagesController,
    DashboardPagesController,
  ],
  providers: [NationalWebContribution],
})
export class NationalWebModule {}
