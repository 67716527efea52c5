import './migrations'; // loaded for what it registers at import
export { InclusionPlansModule } from './plans.module';
export { PLANS_SUBJECTS } from './plans-abilities';
export {
  CURRENT_THEMES,
  MEMBER_KINDS,
  PLACE_TYPES,
  PLAN_SECTIONS,
  PLAN_STATUSES,
  THEME_LISTS,
  themeList,
} from './themes';
export type { MemberKind, PlanSectionKey, PlanStatus, ThemeList } from './themes';
export { checkSafeText, escapeHtml, renderSafeHtml } from './safe-text';
export type { SafeTextProblem } from './safe-text';
export { SAFE_TEXT_HELP, SAFE_TEXT_MAX_LENGTH, isSafeUrl } from './safe-text';
export { PlansService, newPlanProblems, sectionProblems } from './plans.service';
export { PlanLifecycleService, signOffProblems } from './plan-lifecycle.service';
export { PLAN_PDF_JOB, PlanPdfHandler } from './plan-pdf.jobs';
export type { PlanPdfPayload } from './plan-pdf.jobs';
export { planPdf } from './plan-pdf';
export { PlansDemoSeeder } from './plans-demo-seed';
export {
  EDITABLE_STATUSES,
  OPEN_STATUSES,
  PLAN_ACTIONS,
  PLAN_DATE_RANGE,
  PLAN_STATUS_LABELS,
  PLAN_TRANSITIONS,
} from './plans.model';
export type {
  NewPlanInput,
  PlanAction,
  PlanActor,
  PlanLa,
  PlanMemberDecision,
  PlanSectionView,
  PlanSummary,
  PlanTheme,
  PlanVersionSummary,
  PlanVersionView,
  PlanView,
  SectionEditInput,
  SignOffInput,
} from './plans.model';
export { PublicPlansService } from './publication.service';
export { PUBLIC_CACHE, PUBLIC_STATUSES } from './publication.model';
export type {
  PublicComparison,
  PublicPartnershipPlans,
  PublicPlanSummary,
  PublicSection,
  PublicSignOff,
  PublicVersion,
  PublicVersionRef,
  SectionComparison,
} from './publication.model';
export type { DiffLine } from './line-diff';
export { SufficiencyService } from './sufficiency.service';
export type { SufficiencyInput, SufficiencyRow } from './sufficiency.model';
export { RegionalService } from './regional.service';
export type { RegionalLaLine, RegionalView } from './regional.model';
export { regionalCsv, regionalFilename, regionalXlsx, REGIONAL_CONTENT_TYPES, STATUS_LABELS } from './regional-export';
export { academicYearOf, isAcademicYear } from './academic-year';
export { PlansIndicators } from './plans-indicators';
export { LocalPartnershipsService } from './local-partnerships.service';
export { LocalPartnershipMembersService } from './members.service';
export { LocalPartnershipMeetingsService } from './meetings.service';
export { ATTENDANCE_VALUES, MEETING_STATUSES } from './local-partnerships.model';
export type {
  Attendance,
  AttendanceView,
  DecisionView,
  LocalPartnershipDetail,
  LocalPartnershipSummary,
  MeetingDetail,
  MeetingStatus,
  MeetingSummary,
  MemberView,
  PaperView,
  RepresentativeView,
} from './local-partnerships.model';
export { PlanActionsService } from './actions.service';
export type { ActionInput } from './actions.service';
export { ACTION_RAGS, ACTION_STATUS_LABELS, ACTION_STATUSES } from './actions.model';
export type { ActionDetail, ActionRag, ActionStatus, ActionUpdateView, ActionView } from './actions.model';
export {
  PLANS_REMINDER_NOTICE_JOB,
  PLANS_REMINDERS_JOB,
  PLANS_REMINDERS_SCHEDULE,
  PlansRemindersHandler,
  REVIEW_NOTICE_DAYS,
} from './reminders.jobs';
export { PlansRetention, REPRESENTATIVE_RETENTION_YEARS } from './representatives-retention';
export { PLANS_NOTIFICATION_TEMPLATES } from './notification-templates';
