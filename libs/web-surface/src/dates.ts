import { FieldError, longDate } from '@rep-hub/platform';
import { formatDateTime } from './admin/admin-view';
import { postedDateOf } from './forms';

// Dates as GOV.UK writes them and asks for them, for every module's pages.

export { formatDateTime };

/** An ISO date (YYYY-MM-DD) as GOV.UK writes it: "31 August 2026". */
export function formatDate(iso: string | null | undefined): string {
  return iso ? longDate(iso) : '';
}

/** The day of a timestamp in UK time, as GOV.UK writes it ("5 December 2026"); an ISO date as `formatDate` does. */
export function formatDay(value: Date | string | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return formatDateTime(value).replace(/ at .*$/, '');
}

/** MoJ Frontend's `mojDate` filter (its timeline calls it), in UK time as GOV.UK writes dates. */
export function mojDate(timestamp: string, type?: string): string {
  if (type === 'date' || type === 'shortdate') return formatDate(String(timestamp).slice(0, 10));
  return formatDateTime(timestamp);
}

// ---- dates typed into a GOV.UK date input ----

/** The values of a date input (`name-day`, `name-month`, `name-year`) from an ISO date. */
export function dateParts(name: string, iso: string | null | undefined): Record<string, string> {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return {
    [`${name}-day`]: m ? String(Number(m[3])) : '',
    [`${name}-month`]: m ? String(Number(m[2])) : '',
    [`${name}-year`]: m ? m[1] : '',
  };
}

/**
 * The ISO date of a posted date input: `undefined` when all three boxes are empty, or an error
 * (on the day box, which the error summary links to) when the date is not a real one.
 */
export function postedDate(
  values: Record<string, string>,
  name: string,
  what: string,
): { iso?: string; error?: FieldError } {
  const { iso, error } = postedDateOf(values, name, what, false);
  return error ? { error: { field: `${name}-day`, message: error } } : { iso };
}

/** Items of a GOV.UK date input, with the error class on every box when the date has an error. */
export function dateInputItems(name: string, values: Record<string, string>, hasError: boolean) {
  const cls = (w: string) => `govuk-input--width-${w}${hasError ? ' govuk-input--error' : ''}`;
  return [
    { name: 'day', label: 'Day', value: values[`${name}-day`] ?? '', classes: cls('2') },
    { name: 'month', label: 'Month', value: values[`${name}-month`] ?? '', classes: cls('2') },
    { name: 'year', label: 'Year', value: values[`${name}-year`] ?? '', classes: cls('4') },
  ];
}
