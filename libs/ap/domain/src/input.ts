/** The small readers every AP service uses on untrusted input (a JSON body or a posted form). */
import { isRealDate, schoolToday, UUID_PATTERN } from '@rep-hub/platform';

/** The platform's one UUID check (`UUID.test(v)`; isUuid in @rep-hub/platform for an unknown value). */
export const UUID = UUID_PATTERN;

/** A non-blank string, trimmed; otherwise undefined. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** A real calendar date written YYYY-MM-DD (not 2026-02-30, nor 2026-13-01, which no Date can print). */
export const realDate = (d: string | undefined): d is string => isRealDate(d);

/** A whole number sent as a number or as digits; otherwise undefined. */
export const wholeNumber = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;

/** Today as YYYY-MM-DD: the date in England (one rule for the school day: schoolToday in libs/platform). */
export const isoToday = (): string => schoolToday();
