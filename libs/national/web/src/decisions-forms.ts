import { ConflictException } from '@nestjs/common';
import { FieldError } from '@rep-hub/platform';
import { dateInputItems, fieldErrorsOf, postedDate } from '@rep-hub/web-surface';

/** What the board's decisions pages call things. */
export const KIND_LABELS: Record<string, string> = { decision: 'Decision', action: 'Action' };
export const STATUS_LABELS: Record<string, string> = { open: 'Open', done: 'Done', dropped: 'Dropped' };
export const STATUS_TAGS: Record<string, string> = {
  open: 'govuk-tag--blue',
  done: 'govuk-tag--green',
  dropped: 'govuk-tag--grey',
};

export type Posted = Record<string, string | string[]>;

/** A posted form's fields: text trimmed, repeated fields (checkboxes) as lists. */
export function postedValues(body: unknown): Posted {
  const out: Posted = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v.trim();
      else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
    }
  return out;
}

export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
export const listOf = (v: string | string[] | undefined): string[] =>
  v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];

/** The posted date boxes of `name` as an ISO date ('' when blank), or an error on its day box. */
export function dateOf(values: Posted, name: string, what: string, errors: FieldError[]): string {
  const d = postedDate(values as Record<string, string>, name, what);
  if (d.error) errors.push(d.error);
  return d.iso ?? '';
}

/**
 * A service's refusal in the form's words: its field errors (dates on their day box) after the
 * page's own, one per field, in the order of `order`; a 409's detail on `conflictField`.
 */
export function formErrors(
  error: unknown,
  order: string[],
  before: FieldError[],
  conflictField: string,
): { errors: FieldError[]; status: number } {
  if (error instanceof ConflictException) {
    const body = error.getResponse() as { detail?: string };
    return {
      errors: [{ field: conflictField, message: body.detail ?? 'This has changed since you opened it.' }],
      status: 409,
    };
  }
  const dates = new Set(order.filter((f) => f.endsWith('-day')).map((f) => f.slice(0, -4)));
  const seen = new Set<string>();
  const errors = [...before, ...fieldErrorsOf(error)]
    .map((e) => ({ ...e, field: dates.has(e.field) ? `${e.field}-day` : e.field }))
    .filter((e) => !seen.has(e.field) && seen.add(e.field))
    .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  return { errors, status: 400 };
}

/** The items of a date input for the page, with the error class when its day box has an error. */
export const dateItems = (name: string, values: Posted, errors: FieldError[]) =>
  dateInputItems(
    name,
    values as Record<string, string>,
    errors.some((e) => e.field === `${name}-day`),
  );
