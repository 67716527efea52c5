import { ConflictException } from '@nestjs/common';
import { FieldError, problem } from '../http/problem-details';
import { isRealDate } from './dates';
import { isUuid } from './uuid';

/**
 * The small readers a module's services use on untrusted input (a JSON body or a posted form):
 * each returns the value, or pushes a field error naming the field and returns undefined, so a
 * service gathers every problem of a request before answering 400.
 */

/** A non-blank string, trimmed; otherwise undefined. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const tooLong = (label: string, max: number) => `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`;

/** An optional text field: '' when blank; a field error when not a string or longer than `max`. */
export function optionalText(
  v: unknown,
  field: string,
  max: number,
  label: string,
  errors: FieldError[],
): string | undefined {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    errors.push({ field, message: `${label} must be text` });
    return undefined;
  }
  const t = v.trim();
  if (t.length > max) {
    errors.push({ field, message: tooLong(label, max) });
    return undefined;
  }
  return t;
}

/** A required text field of 1 to `max` characters. */
export function requiredText(
  v: unknown,
  field: string,
  max: number,
  missing: string,
  label: string,
  errors: FieldError[],
): string | undefined {
  const t = text(v);
  if (!t) {
    errors.push({ field, message: missing });
    return undefined;
  }
  if (t.length > max) {
    errors.push({ field, message: tooLong(label, max) });
    return undefined;
  }
  return t;
}

/** The earliest and latest dates a record may carry (a date far outside is a typing slip). */
export const EARLIEST_DATE = '2000-01-01';
export const LATEST_DATE = '2099-12-31';

/** An optional YYYY-MM-DD date between 2000 and 2099: null when blank. */
export function optionalDate(
  v: unknown,
  field: string,
  label: string,
  errors: FieldError[],
): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string' || !isRealDate(v.trim())) {
    errors.push({ field, message: `Enter ${label} as a real date, YYYY-MM-DD` });
    return undefined;
  }
  const d = v.trim();
  if (d < EARLIEST_DATE || d > LATEST_DATE) {
    errors.push({ field, message: `${capitalise(label)} must be between 2000 and 2099` });
    return undefined;
  }
  return d;
}

/** A required YYYY-MM-DD date between 2000 and 2099, and, with `notAfter`, not later than that day. */
export function requiredDate(
  v: unknown,
  field: string,
  label: string,
  errors: FieldError[],
  notAfter?: string,
): string | undefined {
  if (v === undefined || v === null || v === '') {
    errors.push({ field, message: `Enter ${label}` });
    return undefined;
  }
  const d = optionalDate(v, field, label, errors) ?? undefined;
  if (d && notAfter && d > notAfter) {
    errors.push({ field, message: `${capitalise(label)} must be today or in the past` });
    return undefined;
  }
  return d;
}

/** One of a closed list of codes. */
export function codeOf<T extends string>(
  v: unknown,
  codes: readonly T[],
  field: string,
  message: string,
  errors: FieldError[],
): T | undefined {
  if (typeof v === 'string' && (codes as readonly string[]).includes(v)) return v as T;
  errors.push({ field, message });
  return undefined;
}

/** An optional id: null when blank, a field error when not a UUID. */
export function optionalId(
  v: unknown,
  field: string,
  message: string,
  errors: FieldError[],
): string | null | undefined {
  if (v === undefined || v === null || v === '') return null;
  if (isUuid(v)) return v.toLowerCase();
  errors.push({ field, message });
  return undefined;
}

/** A list of distinct ids (one id alone is a list of one); a field error when any is not a UUID. */
export function idList(v: unknown, field: string, message: string, errors: FieldError[]): string[] | undefined {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.length > 100 || !list.every((x) => isUuid(x))) {
    errors.push({ field, message });
    return undefined;
  }
  return [...new Set(list.map((x) => (x as string).toLowerCase()))];
}

/** A list of distinct codes, each one of `codes`. */
export function codeList(
  v: unknown,
  codes: readonly string[],
  field: string,
  message: string,
  errors: FieldError[],
): string[] | undefined {
  if (v === undefined || v === null || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  if (list.length > 100 || !list.every((x) => typeof x === 'string' && codes.includes(x))) {
    errors.push({ field, message });
    return undefined;
  }
  return [...new Set(list as string[])];
}

/** The client's copy of the record's version: a whole number from `min` (0 means "none recorded yet" where allowed). */
export function versionOf(v: unknown, errors: FieldError[], min = 1): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < min || n > 2_000_000_000) {
    errors.push({ field: 'version', message: `Send the version you last read (a whole number from ${min})` });
    return undefined;
  }
  return n;
}

/** 409 when the record changed since the client read it. */
export function assertVersion(what: string, current: number, sent: number): void {
  if (current !== sent)
    throw new ConflictException(
      problem(409, `This ${what} has changed since you opened it. Open it again to see what changed.`, {
        currentVersion: current,
      }),
    );
}
