import { schoolToday } from '@rep-hub/platform';

/** "2026/27": four digits, a slash, the next year's last two. */
export function isAcademicYear(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}\/\d{2}$/.test(value) &&
    (Number(value.slice(0, 4)) + 1) % 100 === Number(value.slice(5))
  );
}

/** The academic year (1 September to 31 August) holding the date, in England. */
export function academicYearOf(date = schoolToday()): string {
  const y = Number(date.slice(0, 4));
  const start = Number(date.slice(5, 7)) >= 9 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
