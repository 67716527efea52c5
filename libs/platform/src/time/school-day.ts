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
