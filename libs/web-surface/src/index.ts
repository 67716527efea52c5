// The web kit: the core pages' module and app wiring, and what a domain module's pages share
// (the layout's contributions, forms, dates, journeys, sessions, the view interceptor).
export { configureWeb, viewsDir, WEB_SESSION_COOKIE } from './configure-web';
export * from './styles';
export { webErrorPages } from './web-errors';
export { WebSurfaceModule } from './web-surface.module';
export type { HomeTask, HomeTaskCount, NavEntry, PublicPage, WebContribution } from './web-contributions';
export { WebContributions, WebPages } from './web-contributions';
export { WebViewInterceptor, roleLabel } from './web-view';
export { fieldErrorsOf, formFields, postedDateOf, takeSavedForm } from './forms';
export { barChart, escapeHtml } from './bar-chart';
export type { Bar } from './bar-chart';
export { dateValues, formErrors, listOf, postedDates, postedValues, renderForm } from './field-forms';
export type { FormField, FormPage, FormValues } from './field-forms';
export { dateInputItems, dateParts, formatDate, formatDateTime, formatDay, mojDate, postedDate } from './dates';
export { months, plural } from './words';
export { govukTableHtml } from './tables';
export type { TableCell, TableParams } from './tables';
export { inPageOrder, isUuid, oneEach, pick } from './admin/admin-view';
export type { JourneyInstance } from './journeys';
export { Journey, JOURNEYS } from './journeys';
export type { WebRequest } from './session/web-session';
export { keepForPage, saveSession, takeForPage } from './session/web-session';
