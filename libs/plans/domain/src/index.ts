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
export { LocalPartnershipsService } from './local-partnerships.service';
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
