import { FieldError, InvalidFieldsException } from '@rep-hub/platform';
import type { WebRequest } from './session/web-session';

/** The posted form's text fields, trimmed (everything a form sends is a string). */
export function formFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v.trim();
    }
  }
  return out;
}

/** GOV.UK error summary items: each links to its field. */
export function errorList(errors: FieldError[] | undefined): { text: string; href: string }[] {
  return (errors ?? []).map((e) => ({ text: e.message, href: `#${e.field}` }));
}

/** The error message of one field for a govuk macro's `errorMessage`, or false. */
export function fieldError(errors: FieldError[] | undefined, field: string): { text: string } | false {
  const e = (errors ?? []).find((x) => x.field === field);
  return e ? { text: e.message } : false;
}

/** Field errors of a service call, or rethrows anything else. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  if (error instanceof InvalidFieldsException) return error.fieldErrors;
  throw error;
}

/** A page's identity: its path and its query (sorted), so `?a=1&b=2` and `?b=2&a=1` are one page. */
export function pageKey(url: string): string {
  const u = new URL(url, 'http://page.invalid');
  const query = [...u.searchParams.entries()].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
  return `${u.pathname}?${new URLSearchParams(query).toString()}`;
}

/**
 * A form posted after the session ended and kept through sign-in: its fields, once, for the same
 * user working in the same partnership, on the same page with the same subject (path) and journey
 * instance (query) it was posted from. Anyone or anything else gets nothing, and the form is gone.
 */
export function takeSavedForm(
  req: WebRequest,
  owner: { userId: string; tenantId: string | null },
): Record<string, string> | undefined {
  const saved = req.session.savedForm;
  if (!saved) return undefined;
  const samePage = pageKey(saved.url) === pageKey(req.originalUrl);
  const sameOwner = saved.userId === owner.userId && saved.tenantId === owner.tenantId;
  if (samePage || !sameOwner) delete req.session.savedForm;
  if (!samePage || !sameOwner) return undefined;
  return Object.fromEntries(Object.entries(saved.fields).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

/**
 * A GOV.UK date input (`<name>-day`, `-month`, `-year`) as an ISO date, or the GOV.UK error
 * message: "Enter…", "…must include a month", "…must be a real date". All three boxes empty gives
 * `{}` when the date is optional.
 */
export function postedDateOf(
  values: Record<string, string>,
  name: string,
  label: string,
  required: boolean,
): { iso?: string; error?: string } {
  const p = {
    day: (values[`${name}-day`] ?? '').trim(),
    month: (values[`${name}-month`] ?? '').trim(),
    year: (values[`${name}-year`] ?? '').trim(),
  };
  const missing = (['day', 'month', 'year'] as const).filter((k) => p[k] === '');
  if (missing.length === 3) return required ? { error: `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}` } : {};
  if (missing.length) return { error: `${label} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(p.day) || !/^\d{1,2}$/.test(p.month)) return { error: `${label} must be a real date` };
  if (!/^\d{4}$/.test(p.year)) return { error: 'Year must include 4 numbers' };
  const iso = `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || !d.toISOString().startsWith(iso)) return { error: `${label} must be a real date` };
  return { iso };
}
