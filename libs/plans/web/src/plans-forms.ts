import { ConflictException } from '@nestjs/common';
import { FieldError } from '@rep-hub/platform';
import { dateInputItems, dateParts, fieldErrorsOf, postedDate } from '@rep-hub/web-surface';
import type { Response } from 'express';

/** One field of a form of these pages (views/plans/local-form.njk draws it). */
export interface FormField {
  type?: 'input' | 'textarea' | 'select' | 'radios' | 'date';
  name: string;
  label: string;
  hint?: string;
  options?: { value: string; text: string }[];
  inputType?: string;
  rows?: number;
  inline?: boolean;
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

/** Renders a form page with its values and errors (dates as three boxes each). */
export function renderForm(
  res: Response,
  page: FormPage,
  values: Record<string, string>,
  errors: FieldError[],
  status = errors.length ? 400 : 200,
) {
  const has = (f: string) => errors.some((e) => e.field === f);
  const dateItems = Object.fromEntries(
    page.fields
      .filter((f) => f.type === 'date')
      .map((f) => [f.name, dateInputItems(f.name, values, has(`${f.name}-day`))]),
  );
  return res.status(status).render('plans/local-form.njk', { ...page, values, errors, dateItems });
}

/** The form's dates as ISO dates ('' when all three boxes are blank), or an error on the day box. */
export function postedDates(
  values: Record<string, string>,
  fields: FormField[],
): { dates: Record<string, string>; errors: FieldError[] } {
  const dates: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const f of fields.filter((x) => x.type === 'date')) {
    const d = postedDate(values, f.name, f.label);
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
export function formErrors(error: unknown, fields: FormField[]): { errors: FieldError[]; status: number } {
  const first = fields[0]?.type === 'date' ? `${fields[0].name}-day` : (fields[0]?.name ?? 'version');
  if (error instanceof ConflictException) {
    const body = error.getResponse() as { detail?: string };
    return { errors: [{ field: first, message: body.detail ?? 'This has changed since you opened it.' }], status: 409 };
  }
  const order = fields.map((f) => (f.type === 'date' ? `${f.name}-day` : f.name));
  const dates = new Set(fields.filter((f) => f.type === 'date').map((f) => f.name));
  const seen = new Set<string>();
  const errors = fieldErrorsOf(error)
    .map((e) => ({ ...e, field: dates.has(e.field) ? `${e.field}-day` : order.includes(e.field) ? e.field : first }))
    .filter((e) => !seen.has(e.field) && seen.add(e.field))
    .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
  return { errors, status: 400 };
}
