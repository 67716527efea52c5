/** The small readers every AP service uses on untrusted input (a JSON body or a posted form). */
import { schoolToday } from '@rep-hub/platform';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A non-blank string, trimmed; otherwise undefined. */
export const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** A real calendar date written YYYY-MM-DD (not 2026-02-30, nor 2026-13-01, which no Date can print). */
export const realDate = (d: string | undefined): d is string =>
  !!d &&
  DATE.test(d) &&
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

/** A whole number sent as a number or as digits; otherwise undefined. */
export const wholeNumber = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : undefined;

/** Today as YYYY-MM-DD: the date in England (one rule for the school day: schoolToday in libs/platform). */
export const isoToday = (): string => schoolToday();
