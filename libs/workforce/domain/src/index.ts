import './migrations'; // loaded for what it registers at import
import './demo-accounts'; // the module's demo sign-ins, registered at import
export { WorkforceModule } from './workforce.module';
export { WORKFORCE_ROLES, WORKFORCE_SUBJECTS } from './workforce-abilities';
export type { WorkforceSubject } from './workforce-abilities';
export { trainingProviderIds } from './workforce-principal';
export { NATIONAL_PROGRAMMES } from './programmes.reference';
export type { NationalProgramme } from './programmes.reference';
export { PARTICIPANT_RETENTION_YEARS, UNENROLLED_RETENTION_YEARS, WorkforceRetention } from './workforce-retention';
export { WorkforceParticipantFinder, WorkforceSubjectAccess } from './workforce-subject-access';
export { ProgrammesService } from './programmes.service';
export { CohortsService } from './cohorts.service';
export { ParticipantsService } from './participants.service';
export { EnrolmentsService, addMonths } from './enrolments.service';
export { EnrolmentUploadService } from './enrolment-upload.service';
export type { UploadView } from './enrolment-upload.service';
export { EnrolmentUploadLoader, LOAD_ENROLMENT_UPLOAD_JOB, LoadEnrolmentUploadHandler } from './enrolment-upload.job';
export type { UploadResult, UploadStatus } from './enrolment-upload.store';
export {
  MAX_UPLOAD_BYTES,
  MAX_UPLOAD_ROWS,
  UPLOAD_COLUMN_GUIDE,
  UPLOAD_COLUMNS,
  MILESTONE_COLUMNS,
  checkRowsAgainstCohort,
  checkUploadRow,
  movesBetween,
  openUploadFile,
} from './enrolment-upload-file';
export {
  WORKFORCE_REMINDER_NOTICE_JOB,
  WORKFORCE_REMINDERS_JOB,
  WORKFORCE_REMINDERS_SCHEDULE,
  WorkforceReminderNoticeHandler,
  WorkforceRemindersHandler,
} from './reminders.jobs';
export type { WorkforceReminderPayload } from './reminders.jobs';
export { WORKFORCE_NOTIFICATION_TEMPLATES } from './notification-templates';
export type { CheckedUploadRow, UploadColumn } from './enrolment-upload-file';
export { CoverageService } from './coverage.service';
export { WorkforceCoverageIndicators } from './coverage-indicators';
export { COVERAGE_MEASURES, defaultCoveragePeriod } from './coverage.model';
export type { CoverageFigures, CoverageLa, CoverageMeasure, CoverageQuery, CoverageResult } from './coverage.model';
export {
  COVERAGE_COLUMNS,
  COVERAGE_CONTENT_TYPES,
  coverageCsv,
  coverageFilename,
  coverageXlsx,
} from './coverage-export';
export {
  AllocationInput,
  CohortInput,
  EnrolmentInput,
  MilestoneInput,
  ParticipantInput,
  ProgrammeInput,
  settingIdentifierProblem,
  TransitionInput,
  validateOfstedUrn,
} from './workforce.input';
export {
  ENDING_KIND_LABELS,
  ENROLMENT_MOVES,
  ENROLMENT_STATUS_LABELS,
  ENROLMENT_STATUSES,
  HOLDS_PLACE,
  INTAKE_TERMS,
  MILESTONE_LABELS,
  MILESTONES,
  PARTICIPANT_ROLE_LABELS,
  PARTICIPANT_ROLES,
  SETTING_KIND_LABELS,
  SETTING_KINDS,
  TIE_IN_STATUSES,
  WINDOW_OPEN_STATUSES,
  WORKFORCE_END_NOTICE_DAYS,
} from './workforce.model';
export type {
  AllocationView,
  EndingSoonView,
  CohortSummary,
  CohortView,
  EnrolmentEventView,
  EnrolmentStatus,
  EnrolmentSummary,
  EnrolmentView,
  Milestone,
  MilestoneView,
  ParticipantRole,
  ParticipantView,
  ProgrammeView,
  SettingKind,
} from './workforce.model';
