import { Module } from '@nestjs/common';
import { AlternativeProvisionModule } from '@rep-hub/ap-domain';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { ApAlertsPagesController } from './ap-alerts.controller';
import { ApAttendanceController } from './ap-attendance.controller';
import { ApCaseJourneyController } from './ap-case-journey.controller';
import { ApCasesController } from './ap-cases.controller';
import { ApDataProtectionController } from './ap-data-protection.controller';
import { ApDirectoryController } from './ap-directory.controller';
import { ApMeasuresPagesController } from './ap-measures.controller';
import { ApPanelController } from './ap-panel.controller';
import { ApPanelDecisionController } from './ap-panel-decision.controller';
import { ApPupilsController } from './ap-pupils.controller';
import { ApPupilChangeController } from './ap-pupil-change.controller';
import { ApReviewsPagesController } from './ap-reviews.controller';
import { ApWebContribution } from './ap-web';

/** Alternative provision's pages (/ap/…), their templates and what they add to the layout; each app that serves pages lists it. */
@Module({
  imports: [AlternativeProvisionModule, WebSurfaceModule],
  controllers: [
    ApDirectoryController,
    ApPupilsController,
    ApPupilChangeController,
    // the journey's /ap/cases/new before the case pages' /ap/cases/:caseId
    ApCaseJourneyController,
    // the panel decision's journey (/ap/cases/:caseId/decide…) before the case pages' /ap/cases/:caseId/:action
    ApPanelDecisionController,
    ApCasesController,
    ApPanelController,
    ApAttendanceController,
    ApDataProtectionController,
    ApMeasuresPagesController,
    ApReviewsPagesController,
    ApAlertsPagesController,
  ],
  providers: [ApWebContribution],
})
export class ApWebModule {}
