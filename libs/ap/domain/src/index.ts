import './migrations'; // loaded for what it does at import, as the whole barrel did
import './notification-templates'; // loaded for what it does at import, as the whole barrel did
export { DEMO_PANEL_CADENCE_DAYS, DEMO_PANEL_FIRST_DATE, nextDemoPanelDate } from './demo-cases';
export { AlternativeProvisionModule } from './ap.module';
export { apProviderIds } from './ap-principal';
export { academicYearOf, ApDirectoryService, QUALITY_CHECK_KINDS } from './directory.service';
export type {
  Offerability,
  PlacesView,
  ProviderDetail,
  ProviderListItem,
  ProviderSummary,
  QualityCheckKind,
  QualityCheckView,
} from './directory.service';
export { ApDemoSeeder } from './demo-seed';
export { PUPIL_MATCH_OUTCOMES, SAFEGUARDING_FLAGS } from './pupils.model';
export type {
  PupilContact,
  PupilInput,
  PupilMatchOutcome,
  PupilMatchRecord,
  PupilMatchView,
  PupilView,
} from './pupils.model';
export { PupilsService } from './pupils.service';
export { PupilMatchesService } from './pupil-matches.service';
export { CASE_ACTIONS, CASE_ROUTES, CASE_STATUSES, check, isCaseAction, sixthDayDuty } from './case-machine';
export type { CaseAction, CaseRelation, CaseRoute, CaseStatus } from './case-machine';
export {
  CASE_LIST_PLANNER,
  CASE_LIST_SELECT,
  CASE_LIST_SETTINGS,
  CASE_REASONS,
  CASE_SORTS,
  CASE_STAGES,
  caseDrivers,
  caseListItem,
  caseListStatement,
  URGENCIES,
} from './cases.model';
export type {
  CaseInput,
  CaseListItem,
  CaseListRow,
  CaseSummaryItem,
  CaseView,
  PlacementView,
  TimelineEntry,
  TransitionInput,
} from './cases.model';
export { CasesService } from './cases.service';
export { CaseTransitionsService } from './case-transitions.service';
export { ApSettingsService, parseFollowUpWeeks } from './settings.service';
export type { LaSettingsView } from './settings.service';
export { attendeeList, MAX_AHEAD_DAYS, REVIEW_STATUSES } from './reviews.model';
export { ReviewAnswersInput } from './reviews.input';
export type { CaseReviews, ReviewStatus, ReviewView, UpcomingReview } from './reviews.model';
export { ApReviewsService } from './reviews.service';
export { ApFollowUpsService, FOLLOW_UP_OUTCOMES } from './followups.service';
export type { FollowUpOutcome, FollowUpView } from './followups.service';
export { ApMeasuresService } from './measures.service';
export { ApIndicators } from './ap-indicators';
export { defaultPeriod, finish as finishSections, MEASURE_DEFINITIONS } from './measures.model';
export type { DurationMeasure, FigureQuery, LaMeasures, MeasureSections, MeasuresResult } from './measures.model';
export { measureSections, SUMMARY_FIGURES } from './measures.queries';
export { REFERENCE_FIGURES } from './measures.reference.queries';
export { MEASURES_CONTENT_TYPES, measuresCsv, measuresFilename, measuresXlsx, sectionFigures } from './measures-export';
export { controlledMeasures, sharedMeasuresCsv, sharedMeasuresCsvText, sharedMeasuresXlsx } from './measures-release';
export { ALERT_DECISION_LABELS, ALERT_DECISIONS, ALERT_KIND_LABELS, ALERT_KINDS, CME_DECISIONS } from './alerts.model';
export { AlertDecisionInput } from './alerts.input';
export type { AlertDecision, AlertKind, AlertView, RaisedAlert } from './alerts.model';
export { AlertsService } from './alerts.service';
export { AP_CLOCKS_JOB, ApClocksHandler } from './alerts.jobs';
export { SUBJECT_ACCESS_NOTICE, SubjectAccessService } from './subject-access.service';
export type { SubjectAccessCandidate, SubjectAccessExport, SubjectAccessSearch } from './subject-access.service';
export { subjectAccessPdf } from './subject-access.pdf';
export { ApRetentionService, RETENTION_REMOVED_TEXT } from './retention.service';
export type { LaRetentionView, RetentionRuleView } from './retention.service';
export { ATTENDANCE_SESSIONS, checkAttendanceSession, MAX_SESSIONS_PER_REQUEST } from './attendance.model';
export type {
  AttendanceSessionName,
  AttendanceSessionView,
  AttendanceSummary,
  AttendanceRegisterView,
  AttendanceUploadView,
  AttendanceView,
  AttendanceWriteResult,
} from './attendance.model';
export { AttendanceService } from './attendance.service';
export { ProviderAttendanceService } from './provider-attendance.service';
export { MAX_ATTENDANCE_FILE_BYTES } from './attendance-file';
export type { AttendanceFileFormat } from './attendance-file';
