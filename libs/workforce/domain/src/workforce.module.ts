import { Module } from '@nestjs/common';
import { ContractsModule } from '@rep-hub/contracts';
import { CohortsService } from './cohorts.service';
import { EnrolmentUploadLoader, LoadEnrolmentUploadHandler } from './enrolment-upload.job';
import { EnrolmentUploadService } from './enrolment-upload.service';
import { WorkforceCoverageIndicators } from './coverage-indicators';
import { CoverageService } from './coverage.service';
import { EnrolmentsService } from './enrolments.service';
import { ParticipantsService } from './participants.service';
import { ProgrammesService } from './programmes.service';
import { WorkforceReminderNoticeHandler, WorkforceRemindersHandler } from './reminders.jobs';
import { WorkforceAbilityRules } from './workforce-abilities';
import { WorkforceDemoSeeder } from './workforce-demo-seed';
import { WorkforcePrincipalExtension } from './workforce-principal';
import { WorkforceRetention } from './workforce-retention';
import { WorkforceRoles } from './workforce-roles';
import { WorkforceParticipantFinder, WorkforceSubjectAccess } from './workforce-subject-access';

const SERVICES = [
  ProgrammesService,
  CohortsService,
  ParticipantsService,
  EnrolmentsService,
  EnrolmentUploadService,
  CoverageService,
];

/** Workforce training: programmes, cohorts and funded places, participants, enrolments and milestones. */
@Module({
  // the registries its subject access finder and contributor, and its indicators, join
  imports: [ContractsModule],
  providers: [
    ...SERVICES,
    WorkforceAbilityRules,
    WorkforceRoles,
    WorkforcePrincipalExtension,
    WorkforceDemoSeeder,
    WorkforceRetention,
    WorkforceSubjectAccess,
    WorkforceParticipantFinder,
    EnrolmentUploadLoader,
    LoadEnrolmentUploadHandler,
    WorkforceCoverageIndicators,
    WorkforceRemindersHandler,
    WorkforceReminderNoticeHandler,
  ],
  exports: [...SERVICES, EnrolmentUploadLoader, WorkforceCoverageIndicators],
})
export class WorkforceModule {}
