// The web kit: what other projects use of it, by name: the core pages' module and app wiring, and
// what a domain module's pages share (the layout's contributions, forms, dates, journeys,
// sessions, the view interceptor). The stylesheet, the views folder and the session cookie stay its own.
export { configureWeb } from './configure-web';
export { webErrorPages } from './web-errors';
export { WebSurfaceModule } from './web-surface.module';
export type { HomeTask, HomeTaskCount, NavEntry, PublicPage, WebContribution } from './web-contributions';
export { WebPages } from './web-contributions';
export { WebViewInterceptor, roleLabel } from './web-view';
export { fieldErrorsOf, formFields, postedDateOf, takeSavedForm } from './forms';
export { barChart } from './bar-chart';
export { dateValues, formErrors, listOf, postedDates, postedValues, renderForm } from './field-forms';
export type { FormPage, FormValues } from './field-forms';
export { dateInputItems, dateParts, formatDate, formatDateTime, formatDay, postedDate } from './dates';
export { months, plural } from './words';
export { govukTableHtml } from './tables';
export { inPageOrder, isUuid, oneEach, pick } from './admin/admin-view';
export type { JourneyInstance } from './journeys';
export { Journey, JOURNEYS } from './journeys';
export type { WebRequest } from './session/web-session';
export { keepForPage, saveSession, takeForPage } from './session/web-session';
