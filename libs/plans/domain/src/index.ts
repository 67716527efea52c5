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
