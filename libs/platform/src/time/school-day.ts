/**
 * One rule for "today": the dates of the school day are dates in England (Europe/London), in
 * JavaScript and in SQL alike. Between midnight and 1am in British Summer Time the UTC date is
 * still yesterday's; a review due today must be due today in England, whatever the server's zone.
 */
export const SCHOOL_TIME_ZONE = 'Europe/London';

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: SCHOOL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The date in England (YYYY-MM-DD) at `now` (the current moment by default). */
export function schoolToday(now: Date = new Date()): string {
  return LONDON_DAY.format(now);
}

/** SQL: the date in England of a timestamptz expression (whatever the session's TimeZone). */
export const schoolDateSql = (timestamptz: string): string =>
  `(${timestamptz} AT TIME ZONE '${SCHOOL_TIME_ZONE}')::date`;

/** SQL: today in England, at the start of the transaction (use instead of `current_date`, which is the session's zone). */
export const SCHOOL_TODAY_SQL = schoolDateSql('now()');

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** An ISO date (YYYY-MM-DD) as GOV.UK writes it, "31 August 2026" (as given when it is not one). */
export function longDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : LONG_DATE.format(d);
}

/** "2026/27": four digits, a slash, the next year's last two. */
export function isAcademicYear(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}\/\d{2}$/.test(value) &&
    (Number(value.slice(0, 4)) + 1) % 100 === Number(value.slice(5))
  );
}

/** The academic year (1 September to 31 August) holding an ISO date (today in England by default). */
export function academicYearOfDay(day: string = schoolToday()): string {
  const y = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
