/** The small readers the local partnership and action services use on untrusted input (a JSON body or a posted form). */
import { ConflictException } from '@nestjs/common';
import { FieldError, isRealDate, isUuid, problem } from '@rep-hub/platform';

/** A non-blank string, trimmed; otherwise undefined. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

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
    errors.push({ field, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });
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
    errors.push({ field, message: `${label} must be ${max.toLocaleString('en-GB')} characters or fewer` });
    return undefined;
  }
  return t;
}

/** The earliest and latest dates anything here may carry (a date far outside is a typing slip). */
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

/** A required YYYY-MM-DD date between 2000 and 2099. */
export function requiredDate(v: unknown, field: string, label: string, errors: FieldError[]): string | undefined {
  if (v === undefined || v === null || v === '') {
    errors.push({ field, message: `Enter ${label}` });
    return undefined;
  }
  return optionalDate(v, field, label, errors) ?? undefined;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

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

/** The client's copy of the record's version: a whole number from 1. */
export function versionOf(v: unknown, errors: FieldError[]): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,9}$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 2_000_000_000) {
    errors.push({ field: 'version', message: 'Send the version you last read (a whole number from 1)' });
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

/** A work email address: what the schema's check allows. */
export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
