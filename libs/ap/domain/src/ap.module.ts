import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { ApAbilityRules } from './ap-abilities';
import { ApIndicators } from './ap-indicators';
import { ApCommissionedPlaces } from './ap-read-contracts';
import { ApPrincipalExtension } from './ap-principal';
import { ApRoles } from './ap-roles';
import { ApAlertNoticeHandler, ApClocksHandler } from './alerts.jobs';
import { AlertsService } from './alerts.service';
import { AttendanceService } from './attendance.service';
import { AttendanceStore } from './attendance-store';
import { ProviderAttendanceService } from './provider-attendance.service';
import { CaseNoticeHandler } from './case-notices.jobs';
import { CasesService } from './cases.service';
import { ApDemoSeeder } from './demo-seed';
import { ApDirectoryService } from './directory.service';
import { ApMeasuresService } from './measures.service';
import { PupilsService } from './pupils.service';
import { PupilMatchesService } from './pupil-matches.service';
import { PupilStore } from './pupil-store';
import { ApSettingsService } from './settings.service';
import { ApRetention } from './retention.jobs';
import { ApRetentionService } from './retention.service';
import { ApSubjectAccess } from './subject-access.contribution';
import { SubjectAccessService } from './subject-access.service';
import { ApReviewsService } from './reviews.service';
import { ApFollowUpsService } from './followups.service';
import { CaseStore } from './case-store';
import { ReviewStore } from './review-store';
import { CaseTransitionsService } from './case-transitions.service';

const SERVICES = [
  ApDirectoryService,
  ApDemoSeeder,
  PupilsService,
  PupilMatchesService,
  ApSettingsService,
  CasesService,
  CaseTransitionsService,
  ApReviewsService,
  ApFollowUpsService,
  ApMeasuresService,
  AlertsService,
  SubjectAccessService,
  ApRetentionService,
  AttendanceService,
  ProviderAttendanceService,
];

/** Three-tier alternative provision: the directory, pupils, each LA's practice, and cases from referral to the end of a placement. */
@Module({
  imports: [ContractsModule],
  providers: [
    ...SERVICES,
    CaseStore,
    PupilStore,
    ReviewStore,
    AttendanceStore,
    ApAbilityRules,
    ApRoles,
    ApIndicators,
    ApCommissionedPlaces,
    ApPrincipalExtension,
    CaseNoticeHandler,
    ApClocksHandler,
    ApAlertNoticeHandler,
    ApRetention,
    ApSubjectAccess,
  ],
  exports: [...SERVICES, ApIndicators],
})
export class AlternativeProvisionModule {}
