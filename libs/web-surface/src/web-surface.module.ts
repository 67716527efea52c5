import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AlternativeProvisionModule } from '@rep-hub/alternative-provision';
import { AdminOperationsController } from './admin/admin-operations.controller';
import { AdminPartnershipsController } from './admin/admin-partnerships.controller';
import { AdminUsersController } from './admin/admin-users.controller';
import { ApAttendanceController } from './ap/ap-attendance.controller';
import { ApCaseJourneyController } from './ap/ap-case-journey.controller';
import { ApCasesController } from './ap/ap-cases.controller';
import { ApDataProtectionController } from './ap/ap-data-protection.controller';
import { ApDirectoryController } from './ap/ap-directory.controller';
import { ApMeasuresPagesController } from './ap/ap-measures.controller';
import { ApPanelController } from './ap/ap-panel.controller';
import { ApPupilsController } from './ap/ap-pupils.controller';
import { ApAlertsPagesController } from './ap/ap-alerts.controller';
import { ApReviewsPagesController } from './ap/ap-reviews.controller';
import { ApWebContribution } from './ap/ap-web';
import { ContentController } from './content.controller';
import { AccountController } from './pages/account.controller';
import { SignInController } from './pages/sign-in.controller';
import { PagesController } from './pages.controller';
import { WebContributions } from './web-contributions';
import { WebViewInterceptor } from './web-view';

/** Every page of the web app; composed by apps/web and by the embedded server. */
@Module({
  imports: [AlternativeProvisionModule, DiscoveryModule],
  controllers: [PagesController, ContentController, SignInController, AccountController, AdminPartnershipsController, AdminUsersController, AdminOperationsController, ApDirectoryController, ApPupilsController,
    // the journey's /ap/cases/new before the case pages' /ap/cases/:caseId
    ApCaseJourneyController, ApCasesController, ApPanelController, ApAttendanceController, ApDataProtectionController, ApMeasuresPagesController, ApReviewsPagesController, ApAlertsPagesController],
  providers: [WebViewInterceptor, WebContributions, ApWebContribution],
})
export class WebSurfaceModule {}
