import { ConflictException } from '@nestjs/common';
import { FieldError } from '@rep-hub/platform';
import { dateInputItems, dateParts, postedDate } from './dates';
import { fieldErrorsOf } from './forms';
import type { Response } from 'express';

/**
 * Forms drawn from a list of fields, for a module's pages that ask for one record's details
 * (views/forms/field-form.njk draws them): the fields, the posted values, dates as three boxes, and
 * a service's refusal in the form's words. The evaluation's register and the workforce pages use it.
 */

/** One field of a form. */
export interface FormField {
  type?: 'input' | 'textarea' | 'select' | 'radios' | 'checkboxes' | 'date';
  name: string;
  label: string;
  hint?: string;
  options?: { value: string; text: string; hint?: string }[];
  rows?: number;
}

export interface FormPage {
  title: string;
  caption?: string;
  intro?: string;
  action: string;
  button: string;
  back: { text: string; href: string };
  fields: FormField[];
}

export type FormValues = Record<string, string | string[]>;

/** A posted form's fields: text trimmed, repeated fields (checkboxes) as lists. */
export function postedValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = v.trim();
      else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string').map((x) => x.trim());
    }
  return out;
}

/** A field's values as a list (none, one or several checkboxes). */
export const listOf = (v: string | string[] | undefined): string[] =>
  v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v];

/** Renders a form page with its values and errors (dates as three boxes each). */
export function renderForm(
  res: Response,
  page: FormPage,
  values: FormValues,
  errors: FieldError[],
  status = errors.length ? 400 : 200,
) {
  const has = (f: string) => errors.some((e) => e.field === f);
  const flat = values as Record<string, string>;
  const dateItems = Object.fromEntries(
    page.fields
      .filter((f) => f.type === 'date')
      .map((f) => [f.name, dateInputItems(f.name, flat, has(`${f.name}-day`))]),
  );
  const chosen = Object.fromEntries(
    page.fields.filter((f) => f.type === 'checkboxes').map((f) => [f.name, listOf(values[f.name])]),
  );
  return res.status(status).render('forms/field-form.njk', { ...page, values, errors, dateItems, chosen });
}

/** The form's dates as ISO dates ('' when all three boxes are blank), or an error on the day box. */
export function postedDates(
  values: FormValues,
  fields: FormField[],
): { dates: Record<string, string>; errors: FieldError[] } {
  const dates: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const f of fields.filter((x) => x.type === 'date')) {
    const d = postedDate(values as Record<string, string>, f.name, f.label.toLowerCase());
    if (d.error) errors.push(d.error);
    else dates[f.name] = d.iso ?? '';
  }
  return { dates, errors };
}

/** The values of date boxes for each ISO date given. */
export function dateValues(dates: Record<string, string | null | undefined>): Record<string, string> {
  return Object.assign({}, ...Object.entries(dates).map(([n, iso]) => dateParts(n, iso ?? null)));
}

/**
 * A service's refusal in the form's words: field errors (dates on their day box, in the order of
 * the form), or a 409's detail on the first field. Anything else is thrown on.
 */
export function formErrors(
  error: unknown,
  fields: FormField[],
  before: FieldError[] = [],
): { errors: FieldError[]; status: number } {
  const first = fields[0]?.type === 'date' ? `${fields[0].name}-day` : (fields[0]?.name ?? 'version');
  if (error instanceof ConflictException) {
    const body = error.getResponse() as { detail?: string };
    return { errors: [{ field: first, message: body.detail ?? 'This has changed since you opened it.' }], status: 409 };
  }
  const order = fields.map((f) => (f.type === 'date' ? `${f.name}-day` : f.name));
  const dates = new Set(fields.filter((f) => f.type === 'date').map((f) => f.name));
  const seen = new Set<string>();
  const errors = [...before, ...fieldErrorsOf(error)]
    .map((e) => ({ ...e, field: dates.has(e.field) ? `${e.field}-day` : order.includes(e.field) ? e.field : first }))
    .filter((e) => !seen.has(e.field) && seen.add(e.field))
    .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  return { errors, status: 400 };
}
